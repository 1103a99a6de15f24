package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** Sends from threads other than the event loop, racing the socket's close, on real sockets. */
class DirectSendTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();

    @AfterEach
    void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Threads send without pause while the socket closes as {@link InterfaceChannel} closes it, and new sockets
     * open at once, as a busy server's journal segments and peer connections do: the kernel hands them the closed
     * descriptor's number. Every datagram the client gets must come from the socket, and every send must be either
     * sent or refused as closed: a send through the stale number would fail, or leave from whichever socket got it.
     */
    @RepeatedTest(5)
    void sendsRacingTheSocketsCloseLeaveOnlyFromItOrAreRefused() throws Exception {
        int senders = 3;
        int socketPort = ((InetSocketAddress) channel.localAddress()).getPort();
        DirectSend.attach((EpollDatagramChannel) channel);
        DirectSend direct = DirectSend.of(channel).orElseThrow();
        List<DatagramChannel> reusers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setReceiveBufferSize(4 << 20);
            // Read while the senders send: a datagram sent after the close must not be lost to a full buffer.
            Future<Map<Integer, Integer>> receiving = pool.submit(() -> receiveUntilQuiet(client));
            InetSocketAddress destination = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    client.getLocalPort());
            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            AtomicBoolean reused = new AtomicBoolean();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    byte[] datagram = new byte[300];
                    // Go on sending for a while after the descriptor's number was given to other sockets.
                    long stopAt = Long.MAX_VALUE;
                    while (System.nanoTime() < stopAt) {
                        // Paced, so that the client reads every datagram.
                        LockSupport.parkNanos(20_000);
                        String outcome;
                        try {
                            outcome = direct.send(datagram, destination).name();
                        } catch (IOException e) {
                            outcome = e.toString();
                        }
                        outcomes.computeIfAbsent(outcome, key -> new LongAdder()).increment();
                        if (reused.get() && stopAt == Long.MAX_VALUE) {
                            stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(50);
            channel.eventLoop().submit(() -> {
                direct.close();
                return channel.close();
            }).syncUninterruptibly().getNow().syncUninterruptibly();
            for (int i = 0; i < 20; i++) {
                DatagramChannel reuser = DatagramChannel.open();
                reuser.bind(new InetSocketAddress("127.0.0.1", 0));
                reusers.add(reuser);
            }
            reused.set(true);
            for (Future<?> sending : running) {
                sending.get(10, TimeUnit.SECONDS);
            }
            Map<Integer, Integer> receivedBySourcePort = receiving.get(10, TimeUnit.SECONDS);
            Map<String, Long> counted = new TreeMap<>();
            outcomes.forEach((outcome, count) -> counted.put(outcome, count.sum()));
            assertThat(counted).as("outcomes of the sends").containsOnlyKeys("SENT", "CLOSED");
            assertThat(receivedBySourcePort).as("datagrams received by source port")
                    .containsOnlyKeys(socketPort).containsEntry(socketPort, counted.get("SENT").intValue());
        } finally {
            pool.shutdownNow();
            for (DatagramChannel reuser : reusers) {
                reuser.close();
            }
        }
    }

    /** Source ports of the datagrams received, once none has come for 300 ms. */
    private static Map<Integer, Integer> receiveUntilQuiet(DatagramSocket client) throws IOException {
        Map<Integer, Integer> bySourcePort = new TreeMap<>();
        client.setSoTimeout(300);
        byte[] buffer = new byte[2048];
        try {
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                client.receive(packet);
                bySourcePort.merge(packet.getPort(), 1, Integer::sum);
            }
        } catch (SocketTimeoutException drained) {
            return bySourcePort;
        }
    }
}

package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures on the reply path are counted by reason and never escape, on a real epoll socket. */
class ReplySenderTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    private final RecordingStatistics statistics = new RecordingStatistics();
    private final DhcpMessage request = Requests.request(0xa001).ciaddr(Requests.loopback()).build();

    @AfterEach
    void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DhcpMessage ackTo(DhcpMessage request) {
        return DhcpMessage.replyTo(request).messageType(MessageType.ACK).build();
    }

    @Test
    void aWriteTheKernelRefusesIsCountedAsSendFailed() {
        // Linux refuses UDP datagrams to port 0 with EINVAL: a send failure that needs no broken network.
        ReplySender sender = new ReplySender(new ReplyRouter(0, 0), statistics);

        sender.send(channel, request, ackTo(request), System.nanoTime());

        assertThat(Eventually.reaches(() -> statistics.droppedCount(DropReasons.SEND_FAILED), 1)).isEqualTo(1);
        assertThat(statistics.sent("DHCPACK")).isZero();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aReplyThatCannotFitIsCountedAsEncodeFailed() {
        ReplySender sender = new ReplySender(new ReplyRouter(UdpPeer.freePort(), 1), statistics);
        byte[] relayInformation = new byte[3 * 200];
        for (int i = 0; i < 3; i++) {
            relayInformation[i * 200] = 1; // circuit id sub-option
            relayInformation[i * 200 + 1] = (byte) 198;
        }
        DhcpMessage tooLarge = DhcpMessage.replyTo(request).messageType(MessageType.ACK)
                .option(OptionCode.RELAY_AGENT_INFORMATION, relayInformation).build();

        sender.send(channel, request, tooLarge, System.nanoTime());

        assertThat(statistics.droppedCount(DropReasons.ENCODE_FAILED)).isEqualTo(1);
    }

    @Test
    void aReplyForAClosedSocketIsCountedAsChannelClosed() {
        ReplySender sender = new ReplySender(new ReplyRouter(UdpPeer.freePort(), 1), statistics);
        channel.close().syncUninterruptibly();

        sender.send(channel, request, ackTo(request), System.nanoTime());

        assertThat(statistics.droppedCount(DropReasons.CHANNEL_CLOSED)).isEqualTo(1);
    }

    @Test
    void aSentReplyIsCountedWithItsType() {
        try (UdpPeer client = new UdpPeer("127.0.0.1", 0)) {
            ReplySender sender = new ReplySender(new ReplyRouter(client.port(), 1), statistics);

            sender.send(channel, request, ackTo(request), System.nanoTime());

            assertThat(client.awaitReply(0xa001).messageType()).contains(MessageType.ACK);
            assertThat(Eventually.reaches(() -> statistics.sent("DHCPACK"), 1)).isEqualTo(1);
        }
    }

    @Test
    void repliesSentAtTheSameMomentAllLeaveWithoutWaitingForALaterOne() throws Exception {
        // Each round ends with no later reply to push a stranded one out: a reply left unflushed is never received.
        int rounds = 300;
        int senders = 3;
        try (UdpPeer client = new UdpPeer("127.0.0.1", 0)) {
            ReplySender sender = new ReplySender(new ReplyRouter(client.port(), 1), statistics);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            try {
                for (int round = 0; round < rounds; round++) {
                    CyclicBarrier start = new CyclicBarrier(senders);
                    List<Future<?>> sent = new ArrayList<>();
                    Set<Integer> missing = new HashSet<>();
                    for (int s = 0; s < senders; s++) {
                        int xid = round * senders + s + 1;
                        missing.add(xid);
                        sent.add(pool.submit(() -> {
                            start.await();
                            DhcpMessage request = Requests.request(xid).ciaddr(Requests.loopback()).build();
                            sender.send(channel, request, ackTo(request), System.nanoTime());
                            return null;
                        }));
                    }
                    for (Future<?> future : sent) {
                        future.get(5, TimeUnit.SECONDS);
                    }
                    missing.removeAll(client.receiveReplies(Set.copyOf(missing), Duration.ofSeconds(2)));
                    assertThat(missing).as("replies of round %d never received", round).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aReplyLeavesAtOnceWhileTheSocketsEventLoopIsBusy() throws Exception {
        DirectSend.attach((EpollDatagramChannel) channel);
        CountDownLatch release = new CountDownLatch(1);
        channel.eventLoop().execute(() -> awaitUninterruptibly(release));
        try (UdpPeer client = new UdpPeer("127.0.0.1", 0)) {
            ReplySender sender = new ReplySender(new ReplyRouter(client.port(), 1), statistics);

            sender.send(channel, request, ackTo(request), System.nanoTime());

            // Handed to the event loop, the reply would wait until the loop's current task ends.
            assertThat(client.receive(0xa001, Duration.ofSeconds(2))).as("reply received while the loop is busy")
                    .hasValueSatisfying(reply -> assertThat(reply.messageType()).contains(MessageType.ACK));
            assertThat(statistics.sent("DHCPACK")).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aDirectSendTheKernelRefusesIsCountedAsSendFailed() {
        DirectSend.attach((EpollDatagramChannel) channel);
        ReplySender sender = new ReplySender(new ReplyRouter(0, 0), statistics);

        sender.send(channel, request, ackTo(request), System.nanoTime());

        assertThat(statistics.droppedCount(DropReasons.SEND_FAILED)).isEqualTo(1);
        assertThat(statistics.sent("DHCPACK")).isZero();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aReplyAfterTheDirectSendClosedIsCountedAsChannelClosedAndNotSent() {
        DirectSend.attach((EpollDatagramChannel) channel);
        DirectSend.of(channel).orElseThrow().close();
        try (UdpPeer client = new UdpPeer("127.0.0.1", 0)) {
            ReplySender sender = new ReplySender(new ReplyRouter(client.port(), 1), statistics);

            sender.send(channel, request, ackTo(request), System.nanoTime());

            assertThat(statistics.droppedCount(DropReasons.CHANNEL_CLOSED)).isEqualTo(1);
            assertThat(client.receive(0xa001, Duration.ofMillis(300))).isEmpty();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

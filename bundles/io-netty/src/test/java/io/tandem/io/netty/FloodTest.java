package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One thread blasts garbage at the server while a well-formed client keeps asking.
 *
 * <p>At a rate the server sustains (20,000 garbage datagrams/s, far above any real network's noise, on this 2-core
 * machine alongside the blaster) every good request is answered at its first try. Unpaced, one sending thread
 * outruns any single receiving socket and the kernel drops datagrams, good ones too; that test proves the server
 * keeps serving through it and answers every request once the flood ends and its backlog is read.
 */
class FloodTest {

    private static final Duration CLIENT_PHASE = Duration.ofSeconds(3);
    private static final int GARBAGE_PER_MILLISECOND = 20;
    private static final long MAX_GARBAGE = 3_000_000;

    private final RecordingStatistics statistics = new RecordingStatistics();
    private final int serverPort = UdpPeer.freePort();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong garbageSent = new AtomicLong();
    private UdpPeer client;
    private AnsweringEngine engine;
    private RunningServer server;
    private Thread blaster;

    @BeforeEach
    void start() {
        client = new UdpPeer("0.0.0.0", 0);
        engine = AnsweringEngine.offeringAndAcking();
        server = RunningServer.onLoopback(serverPort, client.port(), 1, 10_000, RunningServer.RECEIVE_BUFFER_BYTES,
                engine, statistics);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stop.set(true);
        if (blaster != null) {
            blaster.join();
        }
        System.out.printf("flood garbageSent=%d counted=%d drops=%s%n", garbageSent.get(),
                statistics.droppedTotal(), statistics.drops());
        server.close();
        engine.close();
        client.close();
    }

    @Test
    void everyGoodRequestIsAnsweredDuringASustainedGarbageFlood() {
        startBlaster(GARBAGE_PER_MILLISECOND);
        // A second of flood first: the server's code is compiled by then, as on any server that ran a while.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        long sentBefore = garbageSent.get();
        long countedBefore = statistics.droppedTotal();

        List<Integer> unanswered = new ArrayList<>();
        int asked = 0;
        long end = System.nanoTime() + CLIENT_PHASE.toNanos();
        while (System.nanoTime() < end) {
            int xid = 0x0f000000 + asked++;
            client.send(Requests.bytes(Requests.discover(xid)), serverPort);
            if (client.receive(xid, Duration.ofSeconds(2)).isEmpty()) {
                unanswered.add(xid);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        long sentDuringRequests = garbageSent.get() - sentBefore;
        long countedDuringRequests = statistics.droppedTotal() - countedBefore;
        stop.set(true);

        System.out.printf("paced flood asked=%d sentDuringRequests=%d countedDuringRequests=%d%n", asked,
                sentDuringRequests, countedDuringRequests);
        assertThat(unanswered).as("unanswered xids of %d, among %d garbage datagrams", asked, sentDuringRequests)
                .isEmpty();
        assertThat(asked).isGreaterThan(300);
        assertThat(statistics.received("DHCPDISCOVER")).isEqualTo(asked);
        assertThat(sentDuringRequests).as("garbage sent while the client asked").isGreaterThan(30_000);
        assertThat(countedDuringRequests).as("garbage the server counted while the client asked")
                .isGreaterThan(sentDuringRequests * 9 / 10);
        assertThat(statistics.drops().keySet()).allMatch(key -> key.startsWith("malformed:")
                || key.equals(DropReasons.NOT_A_REQUEST) || key.equals(DropReasons.BOOTP));
    }

    @Test
    void anUnpacedFloodDoesNotStopTheServer() throws InterruptedException {
        startBlaster(0);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        int answeredDuringFlood = 0;
        for (int i = 0; i < 20; i++) {
            int xid = 0x0e000000 + i;
            client.send(Requests.bytes(Requests.discover(xid)), serverPort);
            if (client.receive(xid, Duration.ofMillis(500)).isPresent()) {
                answeredDuringFlood++;
            }
        }
        stop.set(true);
        blaster.join();
        awaitBacklogDrained();

        for (int i = 0; i < 20; i++) {
            client.send(Requests.bytes(Requests.discover(0x0d000000 + i)), serverPort);
            client.awaitReply(0x0d000000 + i);
        }
        System.out.printf("unpaced flood answeredDuringFlood=%d/20%n", answeredDuringFlood);
        assertThat(statistics.droppedTotal()).isGreaterThan(20_000);
    }

    /** Waits until the server has read what the kernel still held for it: a full socket drops the next request. */
    private void awaitBacklogDrained() {
        long counted;
        do {
            counted = statistics.droppedTotal();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        } while (statistics.droppedTotal() != counted);
    }

    /** Sends seeded garbage until stopped: {@code perMillisecond} datagrams each millisecond, or unpaced if 0. */
    private void startBlaster(int perMillisecond) {
        blaster = new Thread(() -> blast(perMillisecond), "garbage-blaster");
        blaster.start();
        while (garbageSent.get() < 1_000) {
            Thread.onSpinWait();
        }
    }

    /** Short junk, and headers with a valid cookie followed by random options. */
    private void blast(int perMillisecond) {
        Random random = new Random(67);
        byte[] template = Requests.bytes(Requests.discover(1));
        long next = System.nanoTime();
        try (DatagramChannel socket = DatagramChannel.open()) {
            socket.connect(new InetSocketAddress("127.0.0.1", serverPort));
            ByteBuffer buffer = ByteBuffer.allocate(600);
            while (!stop.get() && garbageSent.get() < MAX_GARBAGE) {
                if (perMillisecond > 0 && garbageSent.get() % perMillisecond == 0) {
                    next += 1_000_000;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                buffer.clear();
                if (random.nextBoolean()) {
                    byte[] junk = new byte[random.nextInt(300)];
                    random.nextBytes(junk);
                    buffer.put(junk);
                } else {
                    byte[] options = new byte[1 + random.nextInt(60)];
                    random.nextBytes(options);
                    buffer.put(template, 0, 240).put(options);
                }
                buffer.flip();
                try {
                    socket.write(buffer);
                    garbageSent.incrementAndGet();
                } catch (PortUnreachableException e) {
                    // an ICMP error for an earlier datagram, reported on the connected socket: go on
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ReceivingLink;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on loopback with unprivileged ports, real sockets on both sides. Two client sockets share the client
 * port: one bound to 0.0.0.0 receives only broadcasts, one bound to 127.0.0.1 receives unicasts, so each test
 * sees which route a reply took.
 */
class LoopbackServerTest {

    private static final Duration SILENCE = Duration.ofMillis(300);

    private final RecordingStatistics statistics = new RecordingStatistics();
    private int serverPort;
    private AnsweringEngine engine;
    private RunningServer server;
    private UdpPeer broadcastListener;
    private UdpPeer unicastListener;
    private UdpPeer relay;

    @BeforeEach
    void openPeers() {
        serverPort = UdpPeer.freePort();
        broadcastListener = new UdpPeer("0.0.0.0", 0);
        unicastListener = new UdpPeer("127.0.0.1", broadcastListener.port());
        relay = new UdpPeer("127.0.0.1", 0);
    }

    @AfterEach
    void closeServerAndPeers() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        broadcastListener.close();
        unicastListener.close();
        relay.close();
    }

    private void start(AnsweringEngine answering) {
        start(answering, 10_000);
    }

    private void start(AnsweringEngine answering, int maxPending) {
        engine = answering;
        server = RunningServer.onLoopback(serverPort, broadcastListener.port(), relay.port(), maxPending,
                RunningServer.RECEIVE_BUFFER_BYTES, engine, statistics);
    }

    @Test
    void discoverIsAnsweredByBroadcastToTheClientPortWithTheLoopbackLink() {
        start(AnsweringEngine.offeringAndAcking());
        ReceivingLink loopback = new ReceivingLink("lo", Requests.loopback());
        assertThat(server.links()).containsExactly(loopback);

        broadcastListener.send(Requests.bytes(Requests.discover(0x1001)), serverPort);

        DhcpMessage offer = broadcastListener.awaitReply(0x1001);
        assertThat(offer.op()).isEqualTo(DhcpMessage.BOOTREPLY);
        assertThat(offer.messageType()).contains(MessageType.OFFER);
        assertThat(offer.yiaddr()).isEqualTo(Ipv4Address.parse("127.0.0.50"));
        assertThat(unicastListener.receive(0x1001, SILENCE)).isEmpty();
        assertThat(engine.links()).containsExactly(loopback);
        assertThat(statistics.received("DHCPDISCOVER")).isEqualTo(1);
        assertThat(Eventually.reaches(() -> statistics.sent("DHCPOFFER"), 1)).isEqualTo(1);
    }

    @Test
    void aReceiveBufferTheKernelCapsIsWarnedAboutNamingTheSysctlAndServiceGoesOn() throws IOException {
        int rmemMax = kernelReceiveBufferLimit();
        int asked = Math.addExact(rmemMax, 65_536);
        List<String> lines = CapturedLog.linesOf(() -> startWithReceiveBuffer(asked));

        assertThat(lines).filteredOn(line -> line.contains("WARN")).singleElement().asString().contains(
                "dhcp socket receive buffer smaller than configured", "interface=lo", "receiveBufferBytes=" + asked,
                "grantedBytes=" + rmemMax, "net.core.rmem_max");
        broadcastListener.send(Requests.bytes(Requests.discover(0x1101)), serverPort);
        assertThat(broadcastListener.awaitReply(0x1101).messageType()).contains(MessageType.OFFER);
    }

    @Test
    void aReceiveBufferWithinTheKernelsLimitIsGrantedWithoutAWarning() throws IOException {
        int asked = Math.min(kernelReceiveBufferLimit(), 65_536);
        List<String> lines = CapturedLog.linesOf(() -> startWithReceiveBuffer(asked));

        assertThat(lines).noneMatch(line -> line.contains("WARN"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("dhcp socket bound", "interface=lo",
                "receiveBufferBytes=" + asked));
    }

    private void startWithReceiveBuffer(int bytes) {
        engine = AnsweringEngine.offeringAndAcking();
        server = RunningServer.onLoopback(serverPort, broadcastListener.port(), relay.port(), 10_000, bytes, engine,
                statistics);
    }

    /**
     * The most a socket may ask for without CAP_NET_ADMIN's SO_RCVBUFFORCE, read where the kernel publishes it (by
     * line: Files.readString returned only its first digit on this JDK).
     */
    private static int kernelReceiveBufferLimit() throws IOException {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).trim());
    }

    @Test
    void malformedDatagramsAreCountedByReasonAndServiceGoesOn() {
        byte[] valid = Requests.bytes(Requests.discover(0x2002));
        byte[] badCookie = valid.clone();
        badCookie[236] = 0x42;
        byte[] overrun = Arrays.copyOf(valid, 240 + 3);
        overrun[240] = 12; // host name
        overrun[241] = 100; // runs past the end
        byte[] reply = DhcpMessageBytes.withOp(valid, DhcpMessage.BOOTREPLY);
        byte[] bootp = Arrays.copyOf(valid, 241);
        bootp[240] = (byte) 255; // END at once: no option 53
        start(AnsweringEngine.offeringAndAcking());
        for (byte[] bad : new byte[][] {new byte[0], new byte[10], badCookie, overrun, reply, bootp, bootp}) {
            broadcastListener.send(bad, serverPort);
        }
        broadcastListener.send(valid, serverPort);

        assertThat(broadcastListener.awaitReply(0x2002).messageType()).contains(MessageType.OFFER);
        assertThat(statistics.drops()).containsOnly(
                entry("malformed:truncated", 2),
                entry("malformed:magic-cookie", 1),
                entry("malformed:option-overrun", 1),
                entry(DropReasons.NOT_A_REQUEST, 1),
                entry(DropReasons.BOOTP, 2));
        assertThat(statistics.received("DHCPDISCOVER")).isEqualTo(1);
        assertThat(engine.links()).hasSize(1);
    }

    @Test
    void relayedRequestIsUnicastToGiaddrAtTheRelayPort() {
        start(AnsweringEngine.offeringAndAcking());
        relay.send(Requests.bytes(Requests.discover(0x3003).giaddr(Requests.loopback()).broadcast(true)),
                serverPort);

        DhcpMessage offer = relay.awaitReply(0x3003);
        assertThat(offer.giaddr()).isEqualTo(Requests.loopback());
        assertThat(broadcastListener.receive(0x3003, SILENCE)).isEmpty();
        assertThat(unicastListener.receive(0x3003, Duration.ZERO)).isEmpty();
    }

    @Test
    void requestFromABoundClientIsUnicastToCiaddr() {
        start(AnsweringEngine.offeringAndAcking());
        unicastListener.send(Requests.bytes(Requests.request(0x4004).ciaddr(Requests.loopback())), serverPort);

        assertThat(unicastListener.awaitReply(0x4004).messageType()).contains(MessageType.ACK);
        assertThat(broadcastListener.receive(0x4004, SILENCE)).isEmpty();
        assertThat(Eventually.reaches(() -> statistics.sent("DHCPACK"), 1)).isEqualTo(1);
    }

    @Test
    void nakIsBroadcastEvenToABoundClient() {
        start(new AnsweringEngine((request, link) ->
                Optional.of(AnsweringEngine.reply(request, link, MessageType.NAK))));
        unicastListener.send(Requests.bytes(Requests.request(0x5005).ciaddr(Requests.loopback())), serverPort);

        assertThat(broadcastListener.awaitReply(0x5005).messageType()).contains(MessageType.NAK);
        assertThat(unicastListener.receive(0x5005, SILENCE)).isEmpty();
    }

    @Test
    void silenceFromTheEngineSendsNothing() {
        start(new AnsweringEngine((request, link) -> Optional.empty()));
        broadcastListener.send(Requests.bytes(Requests.discover(0x6006).broadcast(true)), serverPort);

        assertThat(broadcastListener.receive(0x6006, SILENCE)).isEmpty();
        assertThat(statistics.received("DHCPDISCOVER")).isEqualTo(1);
        assertThat(statistics.drops()).isEmpty();
    }

    @Test
    void requestsBeyondMaxPendingAreDroppedAsOverloadedUntilTheEngineCatchesUp() {
        CompletableFuture<Void> engineBusy = new CompletableFuture<>();
        start(new AnsweringEngine((request, link) -> {
            engineBusy.join();
            return Optional.of(AnsweringEngine.reply(request, link, MessageType.OFFER));
        }), 1);
        broadcastListener.send(Requests.bytes(Requests.discover(0x7001)), serverPort);
        broadcastListener.send(Requests.bytes(Requests.discover(0x7002)), serverPort);
        assertThat(Eventually.reaches(() -> statistics.droppedCount(DropReasons.OVERLOADED), 1)).isEqualTo(1);

        engineBusy.complete(null);
        broadcastListener.awaitReply(0x7001);
        broadcastListener.send(Requests.bytes(Requests.discover(0x7003)), serverPort);
        broadcastListener.awaitReply(0x7003);
        assertThat(engine.links()).hasSize(2);
        assertThat(statistics.droppedCount(DropReasons.OVERLOADED)).isEqualTo(1);
    }

    @Test
    void theDatagramsOfOneReadAreHandedOverInABurstThatClosesOnceTheReadIsDone() {
        start(AnsweringEngine.offeringAndAcking());
        int count = 20;
        for (int i = 0; i < count; i++) {
            broadcastListener.send(Requests.bytes(Requests.discover(0x9100 + i)), serverPort);
        }
        // In any order: a reply completed on the engine's thread is sent there at once, one completed before the
        // event loop asked for it goes through the event loop's outbox, later.
        Set<Integer> sent = IntStream.range(0x9100, 0x9100 + count).boxed().collect(Collectors.toSet());
        assertThat(broadcastListener.receiveReplies(sent, Duration.ofSeconds(10)))
                .as("xids of the replies").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(engine.handedOverInBurst()).hasSize(count).containsOnly(true);
        assertThat(Eventually.reaches(engine::burstsClosed, engine.burstsOpened()))
                .as("every burst closed").isEqualTo(engine.burstsOpened());
        assertThat(engine.burstsOpened()).isBetween(1, count);
    }

    @Test
    void aFailingEngineIsCountedAndTheServerGoesOn() {
        start(new AnsweringEngine((request, link) -> {
            if (request.xid() == 0x8001) {
                throw new IllegalStateException("engine bug");
            }
            return Optional.of(AnsweringEngine.reply(request, link, MessageType.OFFER));
        }));
        broadcastListener.send(Requests.bytes(Requests.discover(0x8001)), serverPort);
        broadcastListener.send(Requests.bytes(Requests.discover(0x8002)), serverPort);

        broadcastListener.awaitReply(0x8002);
        assertThat(Eventually.reaches(() -> statistics.droppedCount(DropReasons.HANDLER_FAILED), 1)).isEqualTo(1);
    }

    private static Map.Entry<String, Long> entry(String key, long value) {
        return Map.entry(key, value);
    }
}

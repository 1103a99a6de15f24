package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.HashBuckets;
import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.Contact;
import io.tandem.failover.wire.Disconnect;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.HashBucketAssignment;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.RejectReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A primary {@link PeerLink} on 127.0.0.2 connecting to a hand-driven secondary listening on 127.0.0.3: the CONNECT it
 * opens every connection with, its checks of the CONNECTACK, a refusal and the pause before the next attempt, and a
 * peer that completes the handshake and then falls silent (reference §1.9, §8 scenario 7).
 */
class PrimaryAgainstRawSecondaryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Our max-response-delay here (the least the configuration allows): the raw peer's silence ends it. */
    private static final int MAX_RESPONSE_DELAY = Loopback.MAX_RESPONSE_DELAY;

    private final RecordingListener events = new RecordingListener();
    private ServerSocket rawSecondary;
    private PeerLink primary;

    @BeforeEach
    void startPrimary() throws IOException {
        rawSecondary = new ServerSocket(0, 5, InetAddress.getByName(Loopback.SECONDARY));
        primary = new PeerLink(Loopback.primary(Loopback.PRIMARY, Loopback.freePort(Loopback.PRIMARY),
                Loopback.SECONDARY, rawSecondary.getLocalPort(), MAX_RESPONSE_DELAY), Loopback.TIMINGS, events);
        primary.start();
    }

    @AfterEach
    void closeBoth() throws IOException {
        primary.close();
        rawSecondary.close();
    }

    @Test
    void opensWithAConnectCarryingItsTerms() {
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            Connect connect = (Connect) secondary.receive(WAIT);

            assertThat(connect.header().xid()).isZero();
            assertThat(Duration.between(connect.header().time(), PeerMessages.now()).abs())
                    .isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(connect.peer().relationshipName()).contains(Loopback.NAME);
            assertThat(connect.peer().maxUnackedUpdates()).contains(10L);
            assertThat(connect.peer().receiveTimer()).contains(Duration.ofSeconds(MAX_RESPONSE_DELAY));
            assertThat(connect.peer().vendorClass()).contains(HandshakeMessages.VENDOR_CLASS);
            assertThat(connect.peer().protocolVersion()).contains(1);
            assertThat(connect.tlsRequest()).contains(0);
            assertThat(connect.mclt()).contains(Duration.ofSeconds(3600));
            assertThat(connect.hashBucketAssignment().map(HashBucketAssignment::buckets))
                    .contains(HashBuckets.split(128));
        }
    }

    @Test
    void dropsAPeerThatFallsSilentAfterTheHandshake() {
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            secondary.send(PeerMessages.accept((Connect) secondary.receive(WAIT), PeerMessages.PARAMETERS));
            LinkSession link = events.awaitUp(WAIT);
            assertThat(link.direction()).isEqualTo(LinkSession.Direction.OUTGOING);
            assertThat(link.peer().parameters().vendorClass()).contains("raw-peer");

            // Nothing more from the raw peer: our 3 s max-response-delay closes the link, with no DISCONNECT. The
            // peer's receive timer of 3 s meanwhile had us send a CONTACT every second.
            List<FailoverMessage> meanwhile = secondary.receiveUntilClosed(WAIT);
            assertThat(meanwhile).isNotEmpty().allMatch(Contact.class::isInstance);
            assertThat(events.awaitDown(WAIT)).isEqualTo(LinkDownReason.PEER_SILENT);
        }
    }

    @Test
    void contactFromThePeerKeepsTheLink() {
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            secondary.send(PeerMessages.accept((Connect) secondary.receive(WAIT), PeerMessages.PARAMETERS));
            events.awaitUp(WAIT);

            for (int i = 1; i <= 5; i++) {
                RawPeer.pause(Duration.ofMillis(700));
                secondary.send(new Contact(new Header(PeerMessages.now(), i)));
            }

            // 3.5 s of CONTACT every 0.7 s: never silent for 3 s.
            assertThat(events.during(Duration.ofMillis(200)).stream().filter(event -> event.message() == null))
                    .isEmpty();
        }
    }

    @Test
    void answersAnotherRelationshipsConnectAckWithDisconnect8() {
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            Connect connect = (Connect) secondary.receive(WAIT);
            secondary.send(PeerMessages.accept(connect, PeerMessages.parameters("other-pair")));

            List<FailoverMessage> answer = secondary.receiveUntilClosed(WAIT);
            assertThat(answer).hasSize(1).first().isInstanceOf(Disconnect.class);
            assertThat(((Disconnect) answer.get(0)).rejectReason()).contains(RejectReason.INVALID_PARTNER);
            assertThat(answer.get(0).header().xid()).isEqualTo(1);
        }
        events.assertQuiet();
    }

    @Test
    void answersASkewedConnectAckWithDisconnect4() {
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            Connect connect = (Connect) secondary.receive(WAIT);
            secondary.send(new ConnectAck(new Header(PeerMessages.now().plusSeconds(90), connect.header().xid()),
                    PeerMessages.PARAMETERS, Optional.of(0), Optional.empty(), Optional.empty()));

            List<FailoverMessage> answer = secondary.receiveUntilClosed(WAIT);
            assertThat(answer).hasSize(1).first().isInstanceOf(Disconnect.class);
            assertThat(((Disconnect) answer.get(0)).rejectReason()).contains(RejectReason.TIME_MISMATCH_TOO_GREAT);
        }
        events.assertQuiet();
    }

    /** Scenario 5: a refusal closes the connection, and the next attempt waits for the reconnect delay. */
    @Test
    void closesOnARefusalAndWaitsBeforeTheNextAttempt() {
        long refused;
        try (RawPeer secondary = RawPeer.accept(rawSecondary, WAIT)) {
            Connect connect = (Connect) secondary.receive(WAIT);
            secondary.send(new ConnectAck(new Header(PeerMessages.now(), connect.header().xid()),
                    PeerMessages.PARAMETERS, Optional.of(0), Optional.of(RejectReason.INVALID_MCLT),
                    Optional.of("refused by the test")));
            refused = System.nanoTime();

            assertThat(secondary.receiveUntilClosed(WAIT)).isEmpty();
        }
        try (RawPeer again = RawPeer.accept(rawSecondary, WAIT)) {
            Duration pause = Duration.ofNanos(System.nanoTime() - refused);
            Duration least = Loopback.TIMINGS.reconnectDelay().minus(Loopback.TIMINGS.reconnectJitter());
            assertThat(pause).isGreaterThanOrEqualTo(least);
            assertThat(again.receive(WAIT)).isInstanceOf(Connect.class);
        }
        events.assertQuiet();
    }
}

package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.Contact;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.HashBucketAssignment;
import io.tandem.failover.wire.RejectReason;
import io.tandem.failover.wire.State;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A secondary {@link PeerLink} on 127.0.0.3 facing a hand-driven primary on 127.0.0.2: the checks of a CONNECT and
 * the reject reason each failure puts on the wire (reference §1.6, §1.7, §8 scenario 5), the peer-address filter,
 * duplicates, the handshake deadline, garbage and framing (scenario 6). The secondary's own outgoing connection goes
 * to a port where nobody listens, so every connection here is the raw peer's.
 */
class SecondaryAgainstRawPrimaryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingListener events = new RecordingListener();
    private InetSocketAddress secondaryAddress;
    private PeerLink secondary;

    @BeforeEach
    void startSecondary() {
        int port = Loopback.freePort(Loopback.SECONDARY);
        secondaryAddress = Loopback.at(Loopback.SECONDARY, port);
        secondary = new PeerLink(Loopback.secondary(Loopback.SECONDARY, port, Loopback.PRIMARY,
                Loopback.freePort(Loopback.PRIMARY), Loopback.MAX_RESPONSE_DELAY), Loopback.TIMINGS, events);
        secondary.start();
    }

    @AfterEach
    void closeSecondary() {
        secondary.close();
    }

    @Test
    void acceptsAConnectWithTheConnectsXidAndItsOwnParameters() {
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            Connect connect = PeerMessages.connect();
            primary.send(connect);

            ConnectAck ack = (ConnectAck) primary.receive(WAIT);
            assertThat(ack.header().xid()).isEqualTo(connect.header().xid());
            assertThat(ack.rejectReason()).isEmpty();
            assertThat(ack.peer().relationshipName()).contains(Loopback.NAME);
            assertThat(ack.peer().maxUnackedUpdates()).contains(10L);
            assertThat(ack.peer().receiveTimer()).contains(Duration.ofSeconds(Loopback.MAX_RESPONSE_DELAY));
            assertThat(ack.peer().protocolVersion()).contains(1);
            assertThat(ack.tlsReply()).contains(0);

            LinkSession link = events.awaitUp(WAIT);
            assertThat(link.direction()).isEqualTo(LinkSession.Direction.INCOMING);
            assertThat(link.peer().mclt()).contains(PeerMessages.MCLT);
        }
        assertThat(events.awaitDown(WAIT)).isEqualTo(LinkDownReason.PEER_CLOSED);
    }

    @Test
    void refusesAnotherRelationshipWithReason8EchoingItsName() {
        ConnectAck ack = refusal(PeerMessages.connect(PeerMessages.now(), PeerMessages.parameters("other-pair"),
                Optional.of(PeerMessages.MCLT), Optional.of(PeerMessages.SPLIT_128)));

        assertThat(ack.rejectReason()).contains(RejectReason.INVALID_PARTNER);
        assertThat(ack.peer().relationshipName()).contains("other-pair");
        assertThat(ack.peer().maxUnackedUpdates()).isEmpty();
        assertThat(ack.peer().receiveTimer()).isEmpty();
        assertThat(ack.message()).hasValueSatisfying(text -> assertThat(text).contains("other-pair"));
    }

    @Test
    void refusesAClockTwoMinutesOffWithReason4() {
        ConnectAck ack = refusal(PeerMessages.connect(PeerMessages.now().minusSeconds(120), PeerMessages.PARAMETERS,
                Optional.of(PeerMessages.MCLT), Optional.of(PeerMessages.SPLIT_128)));

        assertThat(ack.rejectReason()).contains(RejectReason.TIME_MISMATCH_TOO_GREAT);
        assertThat(ack.peer().relationshipName()).contains(Loopback.NAME);
        assertThat(ack.peer().receiveTimer()).isPresent();
    }

    @Test
    void refusesAConnectWithoutMcltWithReason5() {
        ConnectAck ack = refusal(PeerMessages.connect(PeerMessages.now(), PeerMessages.PARAMETERS, Optional.empty(),
                Optional.of(PeerMessages.SPLIT_128)));

        assertThat(ack.rejectReason()).contains(RejectReason.INVALID_MCLT);
    }

    @Test
    void refusesAShortOrMissingHbaWithReason18() {
        ConnectAck shortHba = refusal(PeerMessages.connect(PeerMessages.now(), PeerMessages.PARAMETERS,
                Optional.of(PeerMessages.MCLT), Optional.of(HashBucketAssignment.of(new byte[31]))));
        ConnectAck noHba = refusal(PeerMessages.connect(PeerMessages.now(), PeerMessages.PARAMETERS,
                Optional.of(PeerMessages.MCLT), Optional.empty()));

        assertThat(shortHba.rejectReason()).contains(RejectReason.HASH_BUCKET_ASSIGNMENT_CONFLICT);
        assertThat(noHba.rejectReason()).contains(RejectReason.HASH_BUCKET_ASSIGNMENT_CONFLICT);
    }

    @Test
    void closesAConnectionFromAnotherAddressAtOnce() {
        try (RawPeer stranger = RawPeer.connect(Loopback.SECONDARY, secondaryAddress)) {
            List<FailoverMessage> answer = stranger.receiveUntilClosed(WAIT);
            assertThat(answer).isEmpty();
        }
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            primary.send(PeerMessages.connect());
            assertThat(((ConnectAck) primary.receive(WAIT)).rejectReason()).isEmpty();
            events.awaitUp(WAIT);
        }
    }

    @Test
    void closesASecondConnectionAndKeepsTheFirstLink() {
        try (RawPeer first = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            first.send(PeerMessages.connect());
            first.receive(WAIT);
            LinkSession link = events.awaitUp(WAIT);

            try (RawPeer second = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
                second.send(PeerMessages.connect());
                // ISC queues reject 7 and closes before it is flushed: the peer sees only the FIN.
                assertThat(second.receiveUntilClosed(WAIT)).isEmpty();
            }

            State state = PeerMessages.state(1);
            first.send(state);
            assertThat(events.awaitMessage(WAIT)).isEqualTo(state);
            State answer = PeerMessages.state(link.nextHeader().xid());
            assertThat(link.send(answer)).isTrue();
            assertThat(first.receive(WAIT)).isEqualTo(answer);
            assertThat(link.isOpen()).isTrue();
        }
    }

    @Test
    void closesAConnectionThatSendsNoConnectInTime() {
        try (RawPeer silent = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            // The test timings allow 1.5 s instead of ISC's 15 s.
            assertThat(silent.receiveUntilClosed(WAIT)).isEmpty();
        }
        events.assertQuiet();
    }

    @Test
    void ignoresOtherMessagesBeforeTheConnect() {
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            primary.send(PeerMessages.state(0));
            primary.send(PeerMessages.connect());

            assertThat(((ConnectAck) primary.receive(WAIT)).rejectReason()).isEmpty();
            events.awaitUp(WAIT);
        }
    }

    @Test
    void garbageClosesTheConnectionAndALaterOneStillWorks() {
        try (RawPeer garbage = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            // A length field of 5, below the 12-byte header: no message boundary can be trusted after it.
            garbage.sendBytes(new byte[] {0, 5, 5, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9});
            assertThat(garbage.receiveUntilClosed(WAIT)).isEmpty();
        }
        events.assertQuiet();
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            primary.send(PeerMessages.connect());
            assertThat(((ConnectAck) primary.receive(WAIT)).rejectReason()).isEmpty();
            events.awaitUp(WAIT);

            primary.sendBytes(new byte[] {(byte) 0xff, (byte) 0xff, 0, 0});
            assertThat(events.awaitDown(WAIT)).isEqualTo(LinkDownReason.MALFORMED_INPUT);
            assertThat(primary.receiveUntilClosed(WAIT)).allMatch(Contact.class::isInstance);
        }
    }

    @Test
    void messagesSplitByteByByteAreDeliveredOnce() {
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            primary.sendByteByByte(PeerMessages.connect());
            assertThat(((ConnectAck) primary.receive(WAIT)).rejectReason()).isEmpty();
            events.awaitUp(WAIT);

            State state = PeerMessages.state(1);
            primary.sendByteByByte(state);
            assertThat(events.awaitMessage(WAIT)).isEqualTo(state);

            // And the other way round: two messages in one segment are two deliveries.
            Contact contact = new Contact(PeerMessages.state(2).header());
            State again = PeerMessages.state(3);
            byte[] one = FailoverEncoder.encode(contact);
            byte[] two = FailoverEncoder.encode(again);
            byte[] both = new byte[one.length + two.length];
            System.arraycopy(one, 0, both, 0, one.length);
            System.arraycopy(two, 0, both, one.length, two.length);
            primary.sendBytes(both);
            assertThat(events.awaitMessage(WAIT)).isEqualTo(contact);
            assertThat(events.awaitMessage(WAIT)).isEqualTo(again);
            events.assertQuiet();
        }
    }

    /** Sends {@code connect}, expects a refusal with its xid and then the connection's end, and no link. */
    private ConnectAck refusal(Connect connect) {
        try (RawPeer primary = RawPeer.connect(Loopback.PRIMARY, secondaryAddress)) {
            primary.send(connect);
            List<FailoverMessage> answer = primary.receiveUntilClosed(WAIT);
            assertThat(answer).hasSize(1).first().isInstanceOf(ConnectAck.class);
            ConnectAck ack = (ConnectAck) answer.get(0);
            assertThat(ack.header().xid()).isEqualTo(connect.header().xid());
            assertThat(ack.message()).isPresent();
            events.assertQuiet();
            return ack;
        }
    }
}

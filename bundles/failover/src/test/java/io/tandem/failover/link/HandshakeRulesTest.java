package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.HashBucketAssignment;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.PeerParameters;
import io.tandem.failover.wire.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handshake checks and replies without sockets: the order of the checks, the skew bound, the reply options. */
class HandshakeRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final FailoverSettings SECONDARY = Loopback.secondary(Loopback.SECONDARY, 647, Loopback.PRIMARY, 647,
            20);

    @Test
    void aGoodConnectPasses() {
        assertThat(HandshakeChecks.connect(connect(NOW, Loopback.NAME, Optional.of(PeerMessages.MCLT),
                Optional.of(PeerMessages.SPLIT_128)), Loopback.NAME, NOW)).isEmpty();
    }

    @Test
    void checksComeInIscsOrderNameSkewHbaMclt() {
        Instant skewed = NOW.minusSeconds(61);
        assertThat(reason(connect(skewed, "other", Optional.empty(), Optional.empty())))
                .isEqualTo(RejectReason.INVALID_PARTNER);
        assertThat(reason(connect(skewed, Loopback.NAME, Optional.empty(), Optional.empty())))
                .isEqualTo(RejectReason.TIME_MISMATCH_TOO_GREAT);
        assertThat(reason(connect(NOW, Loopback.NAME, Optional.empty(), Optional.empty())))
                .isEqualTo(RejectReason.HASH_BUCKET_ASSIGNMENT_CONFLICT);
        assertThat(reason(connect(NOW, Loopback.NAME, Optional.empty(), Optional.of(PeerMessages.SPLIT_128))))
                .isEqualTo(RejectReason.INVALID_MCLT);
    }

    @Test
    void sixtySecondsApartIsTheMostAllowedEitherWay() {
        for (int seconds : new int[] {-60, 60}) {
            Connect connect = connect(NOW.plusSeconds(seconds), Loopback.NAME, Optional.of(PeerMessages.MCLT),
                    Optional.of(PeerMessages.SPLIT_128));
            assertThat(HandshakeChecks.connect(connect, Loopback.NAME, NOW)).isEmpty();
        }
        for (int seconds : new int[] {-61, 61}) {
            assertThat(reason(connect(NOW.plusSeconds(seconds), Loopback.NAME, Optional.of(PeerMessages.MCLT),
                    Optional.of(PeerMessages.SPLIT_128)))).isEqualTo(RejectReason.TIME_MISMATCH_TOO_GREAT);
        }
    }

    @Test
    void aConnectWithoutRelationshipNameIsAnInvalidPartner() {
        Connect connect = new Connect(new Header(NOW, 0), new PeerParameters(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(),
                Optional.of(PeerMessages.MCLT), Optional.of(PeerMessages.SPLIT_128));
        assertThat(reason(connect)).isEqualTo(RejectReason.INVALID_PARTNER);
    }

    @Test
    void tlsReplyOnlyAnswersATlsRequest() {
        Connect withRequest = connect(NOW, Loopback.NAME, Optional.of(PeerMessages.MCLT),
                Optional.of(PeerMessages.SPLIT_128));
        Connect without = new Connect(withRequest.header(), withRequest.peer(), Optional.empty(), withRequest.mclt(),
                withRequest.hashBucketAssignment());

        assertThat(HandshakeMessages.accept(SECONDARY, withRequest, NOW).tlsReply()).contains(0);
        assertThat(HandshakeMessages.accept(SECONDARY, without, NOW).tlsReply()).isEmpty();
    }

    @Test
    void aRefusalOfAHugeNameStillFitsAMessage() {
        String huge = "x".repeat(1900);
        Connect connect = connect(NOW, huge, Optional.of(PeerMessages.MCLT), Optional.of(PeerMessages.SPLIT_128));
        Refusal refusal = HandshakeChecks.connect(connect, Loopback.NAME, NOW).orElseThrow();

        ConnectAck ack = HandshakeMessages.refuse(SECONDARY, connect, refusal, NOW);

        assertThat(ack.peer().relationshipName()).isEmpty();
        assertThat(FailoverEncoder.encode(ack).length).isLessThanOrEqualTo(2048);
    }

    private static RejectReason reason(Connect connect) {
        return HandshakeChecks.connect(connect, Loopback.NAME, NOW).orElseThrow().reason();
    }

    private static Connect connect(Instant time, String name, Optional<Duration> mclt,
            Optional<HashBucketAssignment> hba) {
        return PeerMessages.connect(time, PeerMessages.parameters(name), mclt, hba);
    }
}

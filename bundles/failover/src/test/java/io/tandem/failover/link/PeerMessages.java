package io.tandem.failover.link;

import io.tandem.api.HashBuckets;
import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.HashBucketAssignment;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.PeerParameters;
import io.tandem.failover.wire.ServerState;
import io.tandem.failover.wire.State;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** What a hand-driven peer sends, as an ISC peer of the same relationship would, unless a test changes a part. */
final class PeerMessages {

    static final Duration MCLT = Duration.ofSeconds(3600);
    static final HashBucketAssignment SPLIT_128 = HashBucketAssignment.of(HashBuckets.split(128));
    static final PeerParameters PARAMETERS = parameters(Loopback.NAME);

    private PeerMessages() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static PeerParameters parameters(String relationshipName) {
        return new PeerParameters(Optional.of(relationshipName), Optional.of(10L),
                Optional.of(Duration.ofSeconds(Loopback.MAX_RESPONSE_DELAY)), Optional.of("raw-peer"), Optional.of(1));
    }

    /** The primary's CONNECT with xid 0, as ISC sends it (reference §9.1). */
    static Connect connect() {
        return connect(now(), PARAMETERS, Optional.of(MCLT), Optional.of(SPLIT_128));
    }

    static Connect connect(Instant time, PeerParameters parameters, Optional<Duration> mclt,
            Optional<HashBucketAssignment> hba) {
        return new Connect(new Header(time, 0), parameters, Optional.of(0), mclt, hba);
    }

    /** The secondary's accepting CONNECTACK for {@code connect}. */
    static ConnectAck accept(Connect connect, PeerParameters parameters) {
        return new ConnectAck(new Header(now(), connect.header().xid()), parameters, Optional.of(0), Optional.empty(),
                Optional.empty());
    }

    static State state(long xid) {
        return new State(new Header(now(), xid), Optional.of(ServerState.RECOVER), Optional.of(State.STARTUP),
                Optional.of(now()));
    }
}

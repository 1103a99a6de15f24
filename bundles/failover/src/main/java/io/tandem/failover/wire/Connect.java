package io.tandem.failover.wire;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * CONNECT (5): the primary opens the relationship on a new link, whichever side opened the TCP connection.
 *
 * @param peer                 options 22, 14, 19, 28 and 20
 * @param tlsRequest           TLS-request (27); ISC always sends 0
 * @param mclt                 maximum client lead time (15); the secondary adopts it, ISC rejects a CONNECT
 *                             without it (reason 5)
 * @param hashBucketAssignment hash-bucket-assignment (11); ISC rejects a CONNECT without a 32-byte one (18)
 */
public record Connect(Header header, PeerParameters peer, Optional<Integer> tlsRequest, Optional<Duration> mclt,
        Optional<HashBucketAssignment> hashBucketAssignment) implements FailoverMessage {

    public Connect {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(peer, "peer");
        WireValues.requireIfPresent(tlsRequest, "TLS request", WireValues::requireU8);
        WireValues.requireIfPresent(mclt, "MCLT", WireValues::requireSeconds);
        Objects.requireNonNull(hashBucketAssignment, "hash bucket assignment");
    }

    @Override
    public MessageType type() {
        return MessageType.CONNECT;
    }
}

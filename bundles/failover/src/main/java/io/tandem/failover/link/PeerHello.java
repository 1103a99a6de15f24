package io.tandem.failover.link;

import io.tandem.api.HashBuckets;
import io.tandem.failover.wire.PeerParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the peer announced in the handshake: the primary's CONNECT as the secondary received it, or the secondary's
 * CONNECTACK as the primary received it.
 *
 * @param parameters  relationship name, max-unacked-updates (the peer's window for our BNDUPDs), receive timer
 *     (the peer drops a link silent for this long), vendor class and protocol version, each as sent
 * @param mclt        the primary's MCLT, which the secondary adopts; empty on the primary's side
 * @param hashBuckets the primary's HBA (bit set = the primary serves), checked to be 32 bytes; empty on the
 *     primary's side
 * @param peerTime    the peer's clock in the header, checked to be within 60 s of ours
 */
public record PeerHello(PeerParameters parameters, Optional<Duration> mclt, Optional<HashBuckets> hashBuckets,
        Instant peerTime) {

    public PeerHello {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(mclt, "mclt");
        Objects.requireNonNull(hashBuckets, "hashBuckets");
        Objects.requireNonNull(peerTime, "peerTime");
    }
}

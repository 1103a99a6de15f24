package io.tandem.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pool balancing run ({@link PeerBindings#balancePools}) did and found (reference §4). Core decides and
 * counts; the failover service schedules the next run and asks the peer for leases from it.
 *
 * @param moved how many addresses this server gave its peer
 * @param shortOfLeases true if in some pool this server holds so few of the free addresses that ISC dhcpd, on a
 *     scheduled run, asks its peer for leases (POOLREQ): fewer than half by more than twice max-lease-misbalance
 *     percent of them ({@code lts < -2 * thresh}, or {@code lts < -1} when that threshold rounds to 0)
 * @param oldestFreeSince since when the address free the longest, this server's or the peer's (FREE or BACKUP),
 *     has been free: the end of its last binding, {@link java.time.Instant#EPOCH} for one never used; empty when
 *     no pool has a free address. The schedule of the next run is estimated from its age.
 */
public record PoolBalancing(int moved, boolean shortOfLeases, Optional<Instant> oldestFreeSince) {

    /** A run that had nothing to look at: no pair, or no pool. */
    public static final PoolBalancing NOTHING = new PoolBalancing(0, false, Optional.empty());

    public PoolBalancing {
        Objects.requireNonNull(oldestFreeSince, "oldestFreeSince");
        if (moved < 0) {
            throw new IllegalArgumentException("moved " + moved + " is negative");
        }
    }
}

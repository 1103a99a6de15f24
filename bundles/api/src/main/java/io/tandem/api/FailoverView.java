package io.tandem.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What core needs to know about the failover pair for one request: a snapshot, taken once per request, that does
 * not change while the request is handled. Core decides from it which addresses this server may allocate, which
 * clients it answers and for how long (ARCHITECTURE.md invariants 1, 2 and 4); policies only see it.
 *
 * @param role this server's role
 * @param state this server's failover state
 * @param stateSince when this server entered {@code state} (STOS)
 * @param peerState the peer's state as last heard, {@link FailoverState#UNKNOWN} when never heard
 * @param mclt the maximum client lead time; {@link Duration#ZERO} when standalone
 * @param ownBuckets the RFC 3074 hash buckets whose DISCOVERs this server answers while load balancing
 * @param loadBalanceMaxSeconds a DISCOVER whose {@code secs} is above this is answered by both servers; 0 turns
 *     load balancing off, as in ISC dhcpd
 * @param maxLeaseMisbalance percent (0-100) of a pool's free leases by which the two servers' shares may differ
 *     before this server, short of leases, asks its peer for some (ISC {@code max-lease-misbalance}); core
 *     decides from it whether a pool balancing run finds this server short (reference §4)
 * @param maxLeaseOwnership percent (0-100) of a pool's free leases one server may hold beyond an even split
 *     (ISC {@code max-lease-ownership}); core applies it when it decides which free leases go to the peer, in
 *     pool balancing and when a lease comes back free (reference §4, §6.3)
 */
public record FailoverView(FailoverRole role, FailoverState state, Instant stateSince, FailoverState peerState,
                           Duration mclt, HashBuckets ownBuckets, int loadBalanceMaxSeconds, int maxLeaseMisbalance,
                           int maxLeaseOwnership) {

    /** ISC dhcpd's default {@code max-lease-misbalance}, in percent. */
    public static final int ISC_MAX_LEASE_MISBALANCE = 15;
    /** ISC dhcpd's default {@code max-lease-ownership}, in percent. */
    public static final int ISC_MAX_LEASE_OWNERSHIP = 10;

    /** The view of a server with no failover peer: it owns every address and answers every client. */
    public static final FailoverView STANDALONE = new FailoverView(FailoverRole.STANDALONE, FailoverState.NORMAL,
            Instant.EPOCH, FailoverState.UNKNOWN, Duration.ZERO, HashBuckets.ALL, 0, ISC_MAX_LEASE_MISBALANCE,
            ISC_MAX_LEASE_OWNERSHIP);

    public FailoverView {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateSince, "stateSince");
        Objects.requireNonNull(peerState, "peerState");
        Objects.requireNonNull(mclt, "mclt");
        Objects.requireNonNull(ownBuckets, "ownBuckets");
        if (loadBalanceMaxSeconds < 0) {
            throw new IllegalArgumentException("load balance max seconds " + loadBalanceMaxSeconds + " is negative");
        }
        requirePercent(maxLeaseMisbalance, "max lease misbalance");
        requirePercent(maxLeaseOwnership, "max lease ownership");
    }

    /** True for a server of a pair, false standalone. */
    public boolean paired() {
        return role != FailoverRole.STANDALONE;
    }

    /**
     * True if this server answers DHCP clients at all (reference §2.1): in NORMAL, COMMUNICATIONS-INTERRUPTED and
     * PARTNER-DOWN, and not while the peer is in a state that makes ISC dhcpd stop answering.
     */
    public boolean servesClients() {
        return state.servesClients() && !peerState.silencesPeer();
    }

    private static void requirePercent(int value, String name) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " " + value + " is not a percentage (0-100)");
        }
    }
}

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
 */
public record FailoverView(FailoverRole role, FailoverState state, Instant stateSince, FailoverState peerState,
                           Duration mclt, HashBuckets ownBuckets, int loadBalanceMaxSeconds) {

    /** The view of a server with no failover peer: it owns every address and answers every client. */
    public static final FailoverView STANDALONE = new FailoverView(FailoverRole.STANDALONE, FailoverState.NORMAL,
            Instant.EPOCH, FailoverState.UNKNOWN, Duration.ZERO, HashBuckets.ALL, 0);

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
}

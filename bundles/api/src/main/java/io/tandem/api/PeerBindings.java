package io.tandem.api;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the failover bundle hands the peer's binding updates; provided by core, so that a peer's change of an
 * address goes through the same rules, the same serialisation and the same store as a client's (ARCHITECTURE.md:
 * "applied per address, serialised with that address's client exchanges, committed, then acknowledged").
 *
 * <p>A component that consumes this and provides {@link FailoverService} must be immediate: core binds
 * {@code FailoverService} dynamically, and a delayed provider activated from that binding would need core while
 * core is still being activated.
 */
public interface PeerBindings {

    /**
     * Applies {@code update} if the acceptance rules of ISC dhcpd allow it (reference §3.5), after every exchange
     * already under way for its address, its old client and its new client. An EXPIRED, RELEASED or RESET is stored
     * as FREE; on the primary, lease affinity (reference §6.3) may then move it on to the secondary as BACKUP in the
     * same commit, a change of ours that reaches the failover service as any other. Completes once the result is
     * durable: accepted (send a BNDACK) or rejected with a reason (send a BNDACK carrying it). Completes
     * exceptionally only when the store cannot commit; then nothing is acknowledged and the peer sends the update
     * again.
     */
    CompletionStage<PeerUpdateResult> apply(PeerUpdate update);

    /**
     * Records the peer's acknowledgement (BNDACK without reject) of the update we sent for {@code address}, which
     * carried {@code sentState} and potential expiry {@code sentPotentialExpiry} (our tstp then): tsfp and atsfp
     * become that expiry, and a lease sent as EXPIRED, RELEASED or RESET that is still in that state becomes FREE,
     * the step that waited for the peer (reference §3.6), and on the primary may move on to the secondary by lease
     * affinity as above. A lease changed again since keeps its newer change unacknowledged, also when that change
     * lowered the potential expiry (a release, an expiry): atsfp is then left as the change set it. An
     * acknowledgement recorded after newer knowledge (a later acknowledgement, the peer's own update of the
     * address) changes nothing. Completes with the lease as stored once durable, or empty when there is no such
     * lease.
     */
    CompletionStage<Optional<Lease>> acknowledged(Ipv4Address address, BindingState sentState,
                                                 Instant sentPotentialExpiry);

    /**
     * Records durably, before the update of {@code address} is sent, that the peer may now hear of its lease's
     * present state: the lease's {@link Lease#rewind() rewind state} becomes its state, as ISC sets its own as the
     * update leaves. Out of touch with the peer, a binding whose rewind state is this server's free state returns
     * straight to it when it ends; once the peer may have heard of the binding, it must wait for the peer like any
     * other. Completes with the lease as stored once durable (at once if its rewind state was its state already),
     * or empty when there is no such lease.
     */
    CompletionStage<Optional<Lease>> announcing(Ipv4Address address);

    /**
     * Pool balancing (reference §4), as ISC dhcpd runs it on entering NORMAL, on the peer's POOLREQ and on its
     * schedule: in each pool, with {@code lts} half the difference between this server's free addresses (the
     * primary's FREE, the secondary's BACKUP) and the peer's, and {@code hold} the
     * {@link FailoverView#maxLeaseOwnership} percent of both, the primary moves FREE addresses to BACKUP, the secondary BACKUP ones to FREE: first those
     * whose last client hashes to the peer until {@code lts <= -hold}, then any, free the longest first, until
     * {@code lts <= hold} for used addresses and {@code lts <= 0} for never-used ones. Reserved addresses are left
     * out. Each moved address keeps its last client, not its host name, starts now and is committed marked for the
     * peer. The percentages are read from the {@link FailoverView} of the failover service. Completes with what
     * moved and what the run found, for the failover service to schedule the next run and, on a scheduled one, to
     * ask the peer for leases.
     */
    CompletionStage<PoolBalancing> balancePools();

    /**
     * Entering PARTNER-DOWN (reference §2.4): every EXPIRED, RELEASED or RESET lease gets tsfp {@code until} (the
     * state's start plus MCLT), so that none is given out before the peer could have stopped relying on it.
     * Completes with how many leases were held so.
     */
    CompletionStage<Integer> holdTransitional(Instant until);
}

package io.tandem.api;

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
     * already under way for its address, its old client and its new client. Completes once the result is durable:
     * accepted (send a BNDACK) or rejected with a reason (send a BNDACK carrying it). Completes exceptionally only
     * when the store cannot commit; then nothing is acknowledged and the peer sends the update again.
     */
    CompletionStage<PeerUpdateResult> apply(PeerUpdate update);
}

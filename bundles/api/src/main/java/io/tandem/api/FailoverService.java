package io.tandem.api;

import io.tandem.api.model.Lease;
import java.util.List;

/**
 * The failover pair as core sees it; provided by the failover bundle when a peer is configured. When no
 * {@code FailoverService} is registered, core runs standalone with {@link FailoverView#STANDALONE}.
 */
public interface FailoverService {

    /** The current view of the pair; a snapshot, cheap to take once per request. */
    FailoverView view();

    /**
     * Tells the service that {@code committed} leases are durable in the {@link LeaseStore} with a change the peer
     * has not acknowledged ({@code tstp > atsfp}, set by core in the same batch). Returns at once. What must reach
     * the peer is the store's state, not this call: the service sends every unacknowledged lease it finds there
     * after a reconnect or a restart, so a call lost in a crash loses nothing (ARCHITECTURE.md invariant 5).
     */
    void bindingsChanged(List<Lease> committed);
}

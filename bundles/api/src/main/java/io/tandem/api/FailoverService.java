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
     * Queues leases that have just been committed to the {@link LeaseStore} for the peer (binding updates).
     * Returns at once. The service sends them in order and resends each until the peer acknowledges it, across
     * reconnects and restarts (ARCHITECTURE.md invariant 5).
     */
    void bindingsChanged(List<Lease> committed);
}

package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.util.Optional;

/**
 * Lease affinity on the primary (reference §6.3 and §3.5 step 8): a lease coming back FREE from EXPIRED, RELEASED or
 * RESET whose last client hashes to the secondary goes on to the secondary as BACKUP, so that the client, which
 * the secondary answers under load balancing, finds its old address there. Not when the secondary already holds
 * more than its share by the ownership slack ({@code (free - backup) / 2 <= -hold}), nor for a reserved address.
 */
final class AffinityMove {

    private AffinityMove() {
    }

    static boolean goesToPeer(Lease freed, ServedSubnet served, LeaseStore store, FailoverView view) {
        if (view.role() != FailoverRole.PRIMARY || freed.state() != BindingState.FREE
                || !served.isDynamic(freed.address()) || !PoolBalancer.lastClientIsPeers(Optional.of(freed), view)) {
            return false;
        }
        PoolShares shares = PoolShares.of(served, store, view);
        return shares.toSend() > -shares.hold(view);
    }
}

package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.util.Optional;

/**
 * Which stored leases this server may give to a new client in its failover role (invariant 4): standalone, every
 * lease no client holds; the primary of a pair, FREE leases; the secondary, BACKUP leases. An address with no
 * stored lease counts as FREE.
 */
final class Ownership {

    private Ownership() {
    }

    static boolean mayAllocate(Optional<Lease> stored, FailoverView view) {
        BindingState state = stored.map(Lease::state).orElse(BindingState.FREE);
        return switch (view.role()) {
            case STANDALONE -> state == BindingState.FREE || state == BindingState.BACKUP
                    || state == BindingState.EXPIRED || state == BindingState.RELEASED || state == BindingState.RESET;
            case PRIMARY -> state == BindingState.FREE;
            case SECONDARY -> state == BindingState.BACKUP;
        };
    }
}

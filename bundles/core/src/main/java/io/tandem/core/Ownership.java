package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.time.Instant;
import java.util.Optional;

/**
 * Which stored leases this server may give to a new client (invariant 4; reference §3.2, "mine to allocate").
 * Standalone: every lease no client holds. In a pair: the primary FREE and ABANDONED leases, the secondary BACKUP
 * leases; the peer's free leases only in PARTNER-DOWN once MCLT has passed since both the state began and the
 * peer's last word on the lease; EXPIRED, RELEASED and RESET leases nobody until the peer has acknowledged them
 * (they then come back as FREE), except in PARTNER-DOWN once the peer's potential expiry has passed. Nothing in a
 * state where the server answers no client. An address with no stored lease counts as FREE.
 */
final class Ownership {

    private Ownership() {
    }

    static boolean mayAllocate(Optional<Lease> stored, FailoverView view, Instant now) {
        BindingState state = stored.map(Lease::state).orElse(BindingState.FREE);
        if (!view.paired()) {
            return state != BindingState.ACTIVE && state != BindingState.ABANDONED && state != BindingState.OFFERED;
        }
        if (!view.servesClients() || state == BindingState.ACTIVE) {
            return false;
        }
        boolean partnerDown = view.state() == FailoverState.PARTNER_DOWN;
        Instant tsfp = stored.map(Lease::tsfp).orElse(Lease.UNSET);
        return switch (state) {
            case FREE, ABANDONED -> view.role() == FailoverRole.PRIMARY || partnerDown && peerPoolMatured(view, tsfp, now);
            case BACKUP -> view.role() == FailoverRole.SECONDARY || partnerDown && peerPoolMatured(view, tsfp, now);
            case EXPIRED, RELEASED, RESET -> partnerDown && tsfp.isBefore(now);
            case ACTIVE, OFFERED -> false;
        };
    }

    /** The peer's free addresses become ours in PARTNER-DOWN after MCLT past both STOS and the peer's tsfp. */
    private static boolean peerPoolMatured(FailoverView view, Instant tsfp, Instant now) {
        Instant latest = tsfp.isAfter(view.stateSince()) ? tsfp : view.stateSince();
        return now.isAfter(latest.plus(view.mclt()));
    }

    /**
     * When {@link #mayAllocate} may next change its answer for leases it refuses only because of time: the moment
     * PARTNER-DOWN's MCLT wait ends. Empty when no such moment lies ahead.
     */
    static Optional<Instant> nextChange(FailoverView view, Instant now) {
        Instant matured = view.stateSince().plus(view.mclt());
        return view.paired() && view.state() == FailoverState.PARTNER_DOWN && !now.isAfter(matured)
                ? Optional.of(matured) : Optional.empty();
    }
}

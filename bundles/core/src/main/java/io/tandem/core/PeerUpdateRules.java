package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether this server accepts a binding its peer sent, and the lease it then stores: ISC dhcpd 4.4's acceptance
 * rules (reference §3.5), in its order. A pure function; {@link Engine} applies the outcome.
 */
final class PeerUpdateRules {

    /** How far past now our own lease may still run before an incoming EXPIRED is refused (ISC: 65 s). */
    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(65);

    private PeerUpdateRules() {
    }

    /** What to do with {@code update}: a reject result, or the lease to store in place of {@code stored}. */
    sealed interface Verdict permits Refuse, Store {
    }

    record Refuse(PeerUpdateResult result) implements Verdict {
    }

    record Store(Lease lease) implements Verdict {
    }

    /**
     * @param inPool whether the address lies in a pool this server serves for the pair
     * @param stored our lease of the address, if any
     */
    static Verdict judge(PeerUpdate update, boolean inPool, Optional<Lease> stored, FailoverView view, Instant now) {
        BindingState incoming = update.state();
        if (requiresClient(incoming) && (update.hardware() == null || update.client() == null)) {
            return refuse(PeerUpdateResult.MISSING_BINDING_INFORMATION, incoming + " without a client");
        }
        if (!inPool) {
            return refuse(PeerUpdateResult.ILLEGAL_ADDRESS, update.address() + " is in no pool of this server");
        }
        if (stored.isPresent() && stored.get().isUnacknowledged() && oursWins(stored.get(), update, view)) {
            return refuse(PeerUpdateResult.LESS_CRITICAL_BINDING_INFORMATION,
                    "incoming update is less critical than outgoing update");
        }
        if (incoming == BindingState.ABANDONED && (update.client() != null || update.hardware() != null)) {
            return refuse(PeerUpdateResult.UNKNOWN_REASON, "an ABANDONED binding names a client");
        }
        BindingState mine = stored.map(Lease::state).orElse(BindingState.FREE);
        Optional<String> refused = transitionRefused(mine, incoming, update, stored, view, now);
        if (refused.isPresent()) {
            return refuse(PeerUpdateResult.FATAL_CONFLICT, refused.get());
        }
        return new Store(stored(update, stored));
    }

    private static boolean requiresClient(BindingState state) {
        return state == BindingState.ACTIVE || state == BindingState.EXPIRED || state == BindingState.RELEASED;
    }

    /**
     * Dueling updates: whose wins when ours is not yet acknowledged. ISC's rule (reference §3.5 step 3), with one
     * change: a pending ACTIVE of ours wins over an incoming RELEASED, ABANDONED, RESET, FREE or BACKUP on the
     * secondary too. ISC lets the primary's update win there while the primary, by the same rule, takes the
     * secondary's ACTIVE: the two copies swap, and the secondary drops a binding it acknowledged to its client,
     * whose address it may then give to another. Here both keep the binding.
     */
    private static boolean oursWins(Lease ours, PeerUpdate theirs, FailoverView view) {
        boolean primaryWins = view.role() == FailoverRole.PRIMARY;
        BindingState mine = ours.state();
        BindingState incoming = theirs.state();
        if (mine == BindingState.ACTIVE && incoming == BindingState.ACTIVE) {
            int later = ours.cltt().compareTo(theirs.cltt());
            return later != 0 ? later > 0 : primaryWins;
        }
        if (mine == BindingState.ACTIVE && incoming == BindingState.EXPIRED) {
            return false;
        }
        if (incoming == BindingState.ACTIVE) {
            return false;
        }
        return mine == BindingState.ACTIVE || primaryWins;
    }

    /** The binding-status transitions ISC refuses, with why; empty when accepted. */
    private static Optional<String> transitionRefused(BindingState mine, BindingState incoming, PeerUpdate update,
                                                      Optional<Lease> stored, FailoverView view, Instant now) {
        boolean ourLeaseRunsOn = stored.map(Lease::end).filter(end -> end.isAfter(now.plus(EXPIRY_SLACK))).isPresent();
        boolean toFree = incoming == BindingState.FREE || incoming == BindingState.BACKUP;
        boolean potentialExpiryPassed = !update.potentialExpiry().isAfter(now);
        String what = mine + " -> " + incoming;
        if (view.state() != FailoverState.NORMAL) {
            if (mine != BindingState.ACTIVE) {
                return Optional.empty();
            }
            if (toFree || incoming == BindingState.EXPIRED && ourLeaseRunsOn) {
                return Optional.of(what + " refused outside NORMAL while our lease is ACTIVE");
            }
            return Optional.empty();
        }
        boolean primary = view.role() == FailoverRole.PRIMARY;
        return switch (mine) {
            case ACTIVE -> switch (incoming) {
                case ACTIVE, RELEASED, ABANDONED -> Optional.empty();
                case RESET -> primary ? Optional.of(what + " refused by the primary") : Optional.empty();
                case EXPIRED -> primary ? Optional.of(what + " refused by the primary")
                        : ourLeaseRunsOn ? Optional.of(what + " refused: our lease runs past now + 65 s")
                        : Optional.empty();
                case FREE, BACKUP -> primary ? Optional.of(what + " refused by the primary")
                        : potentialExpiryPassed ? Optional.empty()
                        : Optional.of(what + " refused: the potential expiry has not passed");
                default -> Optional.of(what + " is not a binding state a peer sends");
            };
            case EXPIRED, RESET -> toFree && !potentialExpiryPassed
                    ? Optional.of(what + " refused: the potential expiry has not passed") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * The lease as stored once accepted. EXPIRED, RELEASED and RESET are stored as FREE at once (the receiver takes
     * the step the sender waits for our acknowledgement to take). The client identity is replaced, except that a
     * FREE, BACKUP or RESET binding without one keeps ours (affinity). The peer's potential expiry becomes tsfp,
     * atsfp and tstp: nothing of ours is left to send. CLTT is kept from the peer when it sent one, so that both
     * databases agree on it.
     */
    private static Lease stored(PeerUpdate update, Optional<Lease> stored) {
        BindingState incoming = update.state();
        BindingState state = incoming.isTransitional() ? BindingState.FREE : incoming;
        Lease.Builder lease = stored.map(Lease::toBuilder).orElseGet(() -> Lease.builder(update.address()));
        boolean keepsIdentity = update.client() == null && (incoming == BindingState.FREE
                || incoming == BindingState.BACKUP || incoming == BindingState.RESET);
        if (!keepsIdentity) {
            lease.client(update.client()).hardware(update.hardware());
        }
        if (state != BindingState.ACTIVE) {
            lease.hostname(null).relayAgentInfo(null);
        }
        lease.state(state).start(update.start()).end(update.end())
                .tsfp(update.potentialExpiry()).atsfp(update.potentialExpiry()).tstp(update.potentialExpiry());
        if (update.cltt().isAfter(Lease.UNSET)) {
            lease.cltt(update.cltt());
        }
        return lease.build();
    }

    private static Verdict refuse(int reason, String message) {
        return new Refuse(PeerUpdateResult.rejected(reason, message));
    }
}

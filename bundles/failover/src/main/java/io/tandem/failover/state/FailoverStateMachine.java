package io.tandem.failover.state;

import static io.tandem.api.FailoverState.COMMUNICATIONS_INTERRUPTED;
import static io.tandem.api.FailoverState.CONFLICT_DONE;
import static io.tandem.api.FailoverState.NORMAL;
import static io.tandem.api.FailoverState.PARTNER_DOWN;
import static io.tandem.api.FailoverState.PAUSED;
import static io.tandem.api.FailoverState.POTENTIAL_CONFLICT;
import static io.tandem.api.FailoverState.RECOVER;
import static io.tandem.api.FailoverState.RECOVER_DONE;
import static io.tandem.api.FailoverState.RECOVER_WAIT;
import static io.tandem.api.FailoverState.RESOLUTION_INTERRUPTED;
import static io.tandem.api.FailoverState.SHUTDOWN;
import static io.tandem.api.FailoverState.STARTUP;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One failover endpoint's state machine as ISC dhcpd 4.4 runs it (reference §2.2-2.4). Pure: the same endpoint,
 * event and time always give the same {@link Transition}; the caller owns the clock, the timers, the state file and
 * the link. Times are cut to whole seconds, as STATE carries them.
 */
public final class FailoverStateMachine {

    /** How long STARTUP waits for the peer's first STATE (§1.9). */
    public static final Duration STARTUP_TIME = Duration.ofSeconds(15);

    private final FailoverRole role;
    private final Duration autoPartnerDown;

    /**
     * @param role PRIMARY or SECONDARY
     * @param autoPartnerDown how long COMMUNICATIONS-INTERRUPTED lasts before PARTNER-DOWN; zero for never
     */
    public FailoverStateMachine(FailoverRole role, Duration autoPartnerDown) {
        if (role != FailoverRole.PRIMARY && role != FailoverRole.SECONDARY) {
            throw new IllegalArgumentException("a failover endpoint is primary or secondary, not " + role);
        }
        if (autoPartnerDown.isNegative()) {
            throw new IllegalArgumentException("negative auto-partner-down " + autoPartnerDown);
        }
        this.role = role;
        this.autoPartnerDown = autoPartnerDown;
    }

    /**
     * The endpoint after a (re)start (§2.2): with a saved state, STARTUP keeping the saved STOS and the STARTUP timer
     * armed; without one, RECOVER since {@code now} with the peer unknown. Nothing is announced or written yet: there
     * is no link, and a fresh RECOVER is what a restart would recreate anyway.
     *
     * @param mclt the primary's configured MCLT; for the secondary the saved one, or zero if none was saved
     */
    public Transition start(Optional<PersistedState> saved, Duration mclt, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        if (saved.isEmpty()) {
            EndpointState fresh = EndpointState.of(RECOVER, at, FailoverState.UNKNOWN, mclt);
            return new Transition(fresh, fresh, List.of());
        }
        PersistedState state = saved.get();
        EndpointState starting = new EndpointState(STARTUP, state.stos(), Optional.of(state.state()),
                state.peerState(), mclt);
        return new Transition(starting, starting, List.of(new ArmTimer(ArmTimer.Timer.STARTUP, at.plus(STARTUP_TIME))));
    }

    /** What {@code event} does to {@code current} at {@code now}. */
    public Transition on(EndpointState current, Event event, Instant now) {
        Objects.requireNonNull(current, "current");
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        if (event instanceof PeerStateReceived received) {
            return peerAnnounced(current, received, at);
        }
        LocalEvent local = (LocalEvent) event;
        return switch (local) {
            case LINK_LOST -> linkLost(current, at, local);
            case STARTUP_TIMEOUT -> current.state() == STARTUP ? linkLost(current, at, local) : unchanged(current);
            case UPDDONE_RECEIVED -> updateDone(current, at, local);
            case RECOVER_WAIT_EXPIRED -> current.state() == RECOVER_WAIT
                    && !at.isBefore(current.stos().plus(current.mclt()))
                    ? finish(current, move(current, RECOVER_DONE, at), List.of(), local) : unchanged(current);
            case AUTO_PARTNER_DOWN_EXPIRED -> current.state() == COMMUNICATIONS_INTERRUPTED
                    && !autoPartnerDown.isZero() && !at.isBefore(current.stos().plus(autoPartnerDown))
                    ? finish(current, move(current, PARTNER_DOWN, at), List.of(), local) : unchanged(current);
            case OPERATOR_PARTNER_DOWN -> current.state() == PARTNER_DOWN ? unchanged(current)
                    : finish(current, move(current, PARTNER_DOWN, at), List.of(), local);
            case OPERATOR_SHUTDOWN -> current.state() == SHUTDOWN ? unchanged(current)
                    : finish(current, move(current, SHUTDOWN, at), List.of(), local);
            // A server shutting down stays so: pausing it would let a restart skip the recovery it owes.
            case OPERATOR_PAUSE -> current.state() == PAUSED || current.state() == SHUTDOWN ? unchanged(current)
                    : finish(current, move(current, PAUSED, at), List.of(), local);
        };
    }

    /** §2.3, with the rules around the table: STARTUP flag, unknown states, repeats, leaving STARTUP. */
    private Transition peerAnnounced(EndpointState current, PeerStateReceived received, Instant at) {
        boolean starting = current.state() == STARTUP;
        FailoverState row = starting ? resumedState(current.effective()) : current.state();
        Optional<PeerStateTable.Cell> cell = PeerStateTable.cell(row, received.code());
        if (cell.isEmpty()) {
            // A state ISC cannot place the peer in: it stops cooperating. The peer's state is not known.
            EndpointState after = move(current, SHUTDOWN, at).withPeer(FailoverState.UNKNOWN);
            return finish(current, after, List.of(), received);
        }
        FailoverState announced = FailoverState.ofCode(received.code());
        if (received.startupFlag() && PeerStateTable.ignoresStartingPeer(row)) {
            return unchanged(current);
        }
        if (announced == current.peerState() && !PeerStateTable.actsOnRepeats(current.state())) {
            return unchanged(current);
        }
        EndpointState base = (starting ? resume(current, announced, at) : current).withPeer(announced);
        Optional<FailoverState> next = cell.get().nextState(starting);
        EndpointState after = next.isPresent() && next.get() != base.state() ? move(base, next.get(), at) : base;
        return finish(current, after, cell.get().steps(starting, current.peerState()), received);
    }

    /** §2.4 link lost, also the STARTUP timeout: the saved state is resumed first. */
    private Transition linkLost(EndpointState current, Instant at, LocalEvent event) {
        EndpointState base = current.state() == STARTUP ? resume(current, current.peerState(), at) : current;
        FailoverState next = switch (base.state()) {
            case NORMAL -> COMMUNICATIONS_INTERRUPTED;
            case POTENTIAL_CONFLICT, UNKNOWN -> RESOLUTION_INTERRUPTED;
            default -> base.state();
        };
        List<Step> steps = base.state() == CONFLICT_DONE ? List.of(Step.REQUEUE_UNACKED) : List.of();
        EndpointState after = next == base.state() ? base : move(base, next, at);
        return finish(current, after, steps, event);
    }

    /** §2.4 UPDDONE: it ends RECOVER, or, in POTENTIAL-CONFLICT, the conflict resolution. */
    private Transition updateDone(EndpointState current, Instant at, LocalEvent event) {
        FailoverState peer = current.peerState();
        if (current.state() == RECOVER) {
            boolean mustWait = at.isBefore(current.stos().plus(current.mclt())) && peer != RECOVER
                    && peer != RECOVER_DONE;
            return finish(current, move(current, mustWait ? RECOVER_WAIT : RECOVER_DONE, at), List.of(), event);
        }
        if (current.state() == POTENTIAL_CONFLICT) {
            if (role == FailoverRole.PRIMARY) {
                // A primary whose peer is already CONFLICT-DONE has a peer that resolved without it: illegal.
                FailoverState next = peer == CONFLICT_DONE ? SHUTDOWN : CONFLICT_DONE;
                return finish(current, move(current, next, at), List.of(), event);
            }
            // The secondary's UPDDONE matters only once the primary has finished (CONFLICT-DONE); else spurious.
            return peer == CONFLICT_DONE ? finish(current, move(current, NORMAL, at), List.of(), event)
                    : unchanged(current);
        }
        return unchanged(current);
    }

    /**
     * The state STARTUP resumes: a saved RESOLUTION-INTERRUPTED is a conflict still to resolve, a saved SHUTDOWN
     * a server that must catch up on what its peer did while it was stopped, a saved PAUSED a server back from a
     * brief stop, out of touch until the link says otherwise (its peer went COMMUNICATIONS-INTERRUPTED).
     */
    private static FailoverState resumedState(FailoverState saved) {
        return switch (saved) {
            case RESOLUTION_INTERRUPTED -> POTENTIAL_CONFLICT;
            case SHUTDOWN -> RECOVER;
            case PAUSED -> COMMUNICATIONS_INTERRUPTED;
            default -> saved;
        };
    }

    /**
     * Leaves STARTUP for the saved state, keeping its STOS (§2.2). A saved SHUTDOWN or PAUSED is a real move out of
     * it, with the STOS rule that goes with it.
     */
    private static EndpointState resume(EndpointState current, FailoverState peer, Instant at) {
        FailoverState saved = current.effective();
        EndpointState savedEndpoint = current.with(saved, current.stos()).withPeer(peer);
        return saved == SHUTDOWN || saved == PAUSED ? move(savedEndpoint, resumedState(saved), at)
                : savedEndpoint.with(resumedState(saved), current.stos());
    }

    /** A change of state with the STOS §2.2 gives it. */
    private static EndpointState move(EndpointState from, FailoverState to, Instant at) {
        Instant stos;
        if (to == RECOVER_WAIT || to == STARTUP) {
            stos = from.stos();
        } else if (from.state() == SHUTDOWN && to == RECOVER && from.peerState() == PARTNER_DOWN) {
            // The peer has run PARTNER-DOWN since this server shut down: it owes nothing to wait for.
            stos = at.minus(from.mclt());
        } else {
            stos = at;
        }
        return from.with(to, stos);
    }

    /** Adds the exit and entry actions of §2.4 around a cell's own steps. */
    private Transition finish(EndpointState before, EndpointState after, List<Step> cellSteps, Event event) {
        Set<Action> actions = new LinkedHashSet<>();
        if (before.state() != after.state()) {
            FailoverState left = before.state();
            if (left == NORMAL || left == POTENTIAL_CONFLICT || left == PARTNER_DOWN) {
                actions.add(Step.REQUEUE_UNACKED);
            }
            actions.addAll(entryActions(after, event));
        }
        actions.addAll(cellSteps);
        return new Transition(before, after, new ArrayList<>(actions));
    }

    private List<Action> entryActions(EndpointState entered, Event event) {
        return switch (entered.state()) {
            case NORMAL -> List.of(Step.BALANCE_POOLS, Step.SEND_QUEUED_UPDATES);
            // The primary resolves first; a secondary entering it with the primary already done asks at once (a
            // link lost after the primary's CONFLICT-DONE, or after the secondary's NORMAL, brings it back here).
            case POTENTIAL_CONFLICT -> role == FailoverRole.PRIMARY || entered.peerState() == CONFLICT_DONE
                    ? List.of(Step.SEND_UPDREQ) : List.of();
            case RECOVER -> event.overLink() ? List.of(Step.SEND_UPDREQALL) : List.of();
            case PARTNER_DOWN -> List.of(Step.SET_TRANSITIONAL_TSFP);
            case COMMUNICATIONS_INTERRUPTED -> autoPartnerDown.isZero() ? List.of()
                    : List.of(new ArmTimer(ArmTimer.Timer.AUTO_PARTNER_DOWN, entered.stos().plus(autoPartnerDown)));
            case RECOVER_WAIT -> List.of(new ArmTimer(ArmTimer.Timer.RECOVER_WAIT,
                    entered.stos().plus(entered.mclt())));
            default -> List.of();
        };
    }

    private static Transition unchanged(EndpointState current) {
        return new Transition(current, current, List.of());
    }
}

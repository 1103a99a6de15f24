package io.tandem.failover.state;

import static io.tandem.api.FailoverState.COMMUNICATIONS_INTERRUPTED;
import static io.tandem.api.FailoverState.CONFLICT_DONE;
import static io.tandem.api.FailoverState.NORMAL;
import static io.tandem.api.FailoverState.PARTNER_DOWN;
import static io.tandem.api.FailoverState.POTENTIAL_CONFLICT;
import static io.tandem.api.FailoverState.RECOVER;
import static io.tandem.api.FailoverState.RECOVER_DONE;
import static io.tandem.api.FailoverState.RECOVER_WAIT;
import static io.tandem.api.FailoverState.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The typical flows of §2.4 played through two machines at once: every transition that announces sends the other
 * side a STATE (with the STARTUP flag while in STARTUP), and UPDREQ/UPDREQALL are answered with UPDDONE, in order.
 */
class PairFlowsTest {

    private static final Duration MCLT = Duration.ofSeconds(3600);
    private static final int PRIMARY = 0;
    private static final int SECONDARY = 1;

    private final FailoverStateMachine[] machines = {
        new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ZERO),
        new FailoverStateMachine(FailoverRole.SECONDARY, Duration.ZERO)};
    private final EndpointState[] endpoints = new EndpointState[2];
    @SuppressWarnings("unchecked")
    private final List<FailoverState>[] trace = new List[] {new ArrayList<>(), new ArrayList<>()};
    @SuppressWarnings("unchecked")
    private final List<Action>[] done = new List[] {new ArrayList<>(), new ArrayList<>()};
    private final Deque<Runnable> wire = new ArrayDeque<>();
    private Instant now = Instant.parse("2024-05-01T10:00:00Z");
    private boolean linked;

    @Test
    void freshPair() {
        start(PRIMARY, Optional.empty());
        start(SECONDARY, Optional.empty());
        connect();

        for (int side : new int[] {PRIMARY, SECONDARY}) {
            assertThat(trace[side]).containsExactly(RECOVER, RECOVER_DONE, NORMAL);
            assertThat(done[side]).containsSubsequence(Step.SEND_UPDREQALL, Step.BALANCE_POOLS,
                    Step.SEND_QUEUED_UPDATES);
        }
        assertThat(endpoints[PRIMARY].peerState()).isEqualTo(NORMAL);
    }

    @Test
    void restartWithSavedNormal() {
        inNormal();
        lose(SECONDARY);
        Instant savedStos = endpoints[PRIMARY].stos();
        now = now.plusSeconds(30);
        start(PRIMARY, Optional.of(endpoints[PRIMARY].persisted()));
        connect();

        assertThat(trace[PRIMARY]).containsExactly(STARTUP, NORMAL);
        assertThat(endpoints[PRIMARY].stos()).as("leaving STARTUP keeps STOS").isEqualTo(savedStos);
        assertThat(trace[SECONDARY]).containsExactly(COMMUNICATIONS_INTERRUPTED, NORMAL);
        assertThat(done[SECONDARY]).contains(Step.SEND_QUEUED_UPDATES);
    }

    @Test
    void bothRestartWithSavedNormal() {
        inNormal();
        PersistedState primarySaved = endpoints[PRIMARY].persisted();
        PersistedState secondarySaved = endpoints[SECONDARY].persisted();
        start(PRIMARY, Optional.of(primarySaved));
        start(SECONDARY, Optional.of(secondarySaved));
        connect();

        assertThat(trace[PRIMARY]).containsExactly(STARTUP, NORMAL);
        assertThat(trace[SECONDARY]).containsExactly(STARTUP, NORMAL);
    }

    @Test
    void linkLossAndReturn() {
        inNormal();
        lose(PRIMARY);
        lose(SECONDARY);
        now = now.plusSeconds(60);
        connect();

        for (int side : new int[] {PRIMARY, SECONDARY}) {
            assertThat(trace[side]).containsExactly(COMMUNICATIONS_INTERRUPTED, NORMAL);
            assertThat(done[side]).containsSubsequence(Step.REQUEUE_UNACKED, Step.BALANCE_POOLS,
                    Step.SEND_QUEUED_UPDATES);
        }
    }

    @Test
    void recoveryAfterPartnerDown() {
        inNormal();
        lose(PRIMARY); // the secondary crashed
        apply(PRIMARY, LocalEvent.OPERATOR_PARTNER_DOWN);
        PersistedState secondarySaved = endpoints[SECONDARY].persisted();
        now = now.plusSeconds(600);
        start(SECONDARY, Optional.of(secondarySaved));
        connect();

        assertThat(trace[SECONDARY]).containsExactly(STARTUP, RECOVER, RECOVER_WAIT);
        assertThat(done[SECONDARY]).contains(Step.SEND_UPDREQALL,
                new ArmTimer(ArmTimer.Timer.RECOVER_WAIT, now.plus(MCLT)));
        assertThat(endpoints[PRIMARY].state()).isEqualTo(PARTNER_DOWN);

        now = now.plus(MCLT);
        apply(SECONDARY, LocalEvent.RECOVER_WAIT_EXPIRED);
        deliver();

        assertThat(trace[SECONDARY]).containsExactly(STARTUP, RECOVER, RECOVER_WAIT, RECOVER_DONE, NORMAL);
        assertThat(trace[PRIMARY]).containsExactly(COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, NORMAL);
        assertThat(done[PRIMARY]).containsSubsequence(Step.SET_TRANSITIONAL_TSFP, Step.REQUEUE_UNACKED,
                Step.BALANCE_POOLS, Step.SEND_QUEUED_UPDATES);
    }

    /**
     * The primary finished resolving (CONFLICT-DONE) and the secondary went NORMAL on its UPDDONE, but the link was
     * lost before the primary heard that NORMAL: on the next link the secondary says COMM-INT, hears CONFLICT-DONE,
     * and must resolve again, or the pair waits for each other for good (seen in the pair simulation).
     */
    @Test
    void conflictResolutionSurvivesALinkLostBeforeThePrimaryHearsTheSecondarysNormal() {
        endpoints[PRIMARY] = EndpointState.of(POTENTIAL_CONFLICT, now, POTENTIAL_CONFLICT, MCLT);
        endpoints[SECONDARY] = EndpointState.of(POTENTIAL_CONFLICT, now, POTENTIAL_CONFLICT, MCLT);
        linked = true;
        apply(PRIMARY, LocalEvent.UPDDONE_RECEIVED);
        wire.poll().run(); // the secondary hears CONFLICT-DONE and asks for the primary's updates
        wire.poll().run(); // their UPDDONE: the secondary goes NORMAL and announces it...
        wire.clear(); // ...on a link that is lost before the primary reads it
        lose(PRIMARY);
        lose(SECONDARY);
        now = now.plusSeconds(5);
        connect();

        assertThat(trace[SECONDARY]).containsExactly(NORMAL, COMMUNICATIONS_INTERRUPTED, POTENTIAL_CONFLICT, NORMAL);
        assertThat(trace[PRIMARY]).containsExactly(CONFLICT_DONE, NORMAL);
        assertThat(done[PRIMARY]).doesNotContain(Step.SHUTDOWN_FATAL);
    }

    /** Both servers in NORMAL, linked, traces cleared. */
    private void inNormal() {
        endpoints[PRIMARY] = EndpointState.of(NORMAL, now, NORMAL, MCLT);
        endpoints[SECONDARY] = EndpointState.of(NORMAL, now, NORMAL, MCLT);
        linked = true;
        now = now.plusSeconds(3600);
    }

    private void start(int side, Optional<PersistedState> saved) {
        endpoints[side] = record(side, machines[side].start(saved, MCLT, now));
    }

    private void lose(int side) {
        linked = false;
        apply(side, LocalEvent.LINK_LOST);
    }

    /** Each side sends its STATE on a new link (§1.8), then everything that follows is delivered. */
    private void connect() {
        linked = true;
        announce(PRIMARY);
        announce(SECONDARY);
        deliver();
    }

    private void deliver() {
        while (!wire.isEmpty()) {
            wire.poll().run();
        }
    }

    private void apply(int side, Event event) {
        Transition t = machines[side].on(endpoints[side], event, now);
        endpoints[side] = record(side, t);
        if (linked && t.announces()) {
            announce(side);
        }
        for (Action action : t.actions()) {
            if (linked && (action == Step.SEND_UPDREQALL || action == Step.SEND_UPDREQ)) {
                wire.add(() -> apply(side, LocalEvent.UPDDONE_RECEIVED));
            }
        }
    }

    private void announce(int side) {
        EndpointState me = endpoints[side];
        PeerStateReceived state = me.state() == STARTUP ? PeerStateReceived.starting(me.effective())
                : PeerStateReceived.of(me.state());
        wire.add(() -> apply(1 - side, state));
    }

    private EndpointState record(int side, Transition t) {
        if (t.after().state() != t.before().state() || t.before() == t.after() && trace[side].isEmpty()) {
            trace[side].add(t.after().state());
        }
        done[side].addAll(t.actions());
        return t.after();
    }
}

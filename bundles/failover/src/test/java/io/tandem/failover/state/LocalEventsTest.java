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
import static io.tandem.failover.state.PeerStateRulesTest.starting;
import static io.tandem.failover.state.PeerStateTableTest.MCLT;
import static io.tandem.failover.state.PeerStateTableTest.NOW;
import static io.tandem.failover.state.PeerStateTableTest.STOS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §2.4's local events, §2.2's STARTUP and STOS rules. */
class LocalEventsTest {

    private static final Duration AUTO = Duration.ofSeconds(600);
    private final FailoverStateMachine primary = new FailoverStateMachine(FailoverRole.PRIMARY, AUTO);
    private final FailoverStateMachine secondary = new FailoverStateMachine(FailoverRole.SECONDARY, AUTO);

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = "STARTUP")
    void linkLost(FailoverState mine) {
        Transition t = primary.on(at(mine, STOS, NORMAL), LocalEvent.LINK_LOST, NOW);
        FailoverState expected = switch (mine) {
            case NORMAL -> COMMUNICATIONS_INTERRUPTED;
            case POTENTIAL_CONFLICT, UNKNOWN -> RESOLUTION_INTERRUPTED;
            default -> mine;
        };
        assertThat(t.after().state()).isEqualTo(expected);
        assertThat(t.after().stos()).isEqualTo(expected == mine ? STOS : NOW);
        assertThat(t.after().peerState()).as("the peer's last known state is kept").isEqualTo(NORMAL);
        if (mine == CONFLICT_DONE) {
            assertThat(t.actions()).containsExactly(Step.REQUEUE_UNACKED);
        } else if (expected == mine) {
            assertThat(t.actions()).isEmpty();
        }
    }

    @ParameterizedTest(name = "saved {0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"STARTUP", "SHUTDOWN", "PAUSED", "RESOLUTION_INTERRUPTED"})
    void startupTimeoutAppliesLinkLostToTheSavedState(FailoverState saved) {
        Transition timeout = primary.on(starting(saved, NORMAL), LocalEvent.STARTUP_TIMEOUT, NOW);
        Transition direct = primary.on(at(saved, STOS, NORMAL), LocalEvent.LINK_LOST, NOW);
        assertThat(timeout.after()).isEqualTo(direct.after());
        assertThat(timeout.announces()).isTrue();
        // Leaving STARTUP is no exit from NORMAL, POTENTIAL-CONFLICT or PARTNER-DOWN: nothing was sent since the
        // restart. (CONFLICT-DONE's link-lost step requeues regardless; the queue is empty then.)
        if (saved != CONFLICT_DONE) {
            assertThat(timeout.actions()).doesNotContain(Step.REQUEUE_UNACKED);
        }
        assertThat(primary.on(starting(saved, NORMAL), LocalEvent.LINK_LOST, NOW).after())
                .isEqualTo(timeout.after());
    }

    @Test
    void aSavedResolutionInterruptedTimesOutBackIntoResolutionInterrupted() {
        Transition t = primary.on(starting(RESOLUTION_INTERRUPTED, POTENTIAL_CONFLICT), LocalEvent.STARTUP_TIMEOUT,
                NOW);
        assertThat(t.after().state()).isEqualTo(RESOLUTION_INTERRUPTED);
    }

    @Test
    void aStartupTimeoutAfterStartupIsIgnored() {
        EndpointState normal = at(NORMAL, STOS, NORMAL);
        assertThat(primary.on(normal, LocalEvent.STARTUP_TIMEOUT, NOW).after()).isEqualTo(normal);
    }

    @Test
    void startWithoutSavedStateIsRecoverSinceNow() {
        Transition t = primary.start(Optional.empty(), MCLT, Instant.parse("2024-05-01T12:00:00.750Z"));
        assertThat(t.after()).isEqualTo(EndpointState.of(RECOVER, NOW, FailoverState.UNKNOWN, MCLT));
        assertThat(t.actions()).isEmpty();
    }

    @Test
    void startWithSavedStateIsStartupKeepingTheSavedStos() {
        PersistedState saved = new PersistedState(NORMAL, STOS, COMMUNICATIONS_INTERRUPTED, MCLT);
        Transition t = primary.start(Optional.of(saved), MCLT, NOW);
        assertThat(t.after()).isEqualTo(new EndpointState(STARTUP, STOS, Optional.of(NORMAL),
                COMMUNICATIONS_INTERRUPTED, MCLT));
        assertThat(t.after().persisted()).isEqualTo(saved);
        assertThat(t.actions()).containsExactly(new ArmTimer(ArmTimer.Timer.STARTUP, NOW.plusSeconds(15)));
    }

    @Test
    void updateDoneInRecoverWaitsUntilStosPlusMclt() {
        Instant stos = NOW.minusSeconds(100);
        Transition t = primary.on(at(RECOVER, stos, COMMUNICATIONS_INTERRUPTED), LocalEvent.UPDDONE_RECEIVED, NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER_WAIT);
        assertThat(t.after().stos()).as("entering RECOVER-WAIT keeps STOS").isEqualTo(stos);
        assertThat(t.actions()).containsExactly(new ArmTimer(ArmTimer.Timer.RECOVER_WAIT, stos.plus(MCLT)));

        EndpointState waiting = t.after();
        assertThat(primary.on(waiting, LocalEvent.RECOVER_WAIT_EXPIRED, stos.plus(MCLT).minusSeconds(1)).after())
                .as("early timer").isEqualTo(waiting);
        Transition done = primary.on(waiting, LocalEvent.RECOVER_WAIT_EXPIRED, stos.plus(MCLT));
        assertThat(done.after().state()).isEqualTo(RECOVER_DONE);
        assertThat(done.after().stos()).isEqualTo(stos.plus(MCLT));
    }

    @ParameterizedTest(name = "peer {0}")
    @EnumSource(names = {"RECOVER", "RECOVER_DONE"})
    void updateDoneInRecoverSkipsTheWaitWhenThePeerRecoversToo(FailoverState peer) {
        Transition t = primary.on(at(RECOVER, NOW.minusSeconds(1), peer), LocalEvent.UPDDONE_RECEIVED, NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER_DONE);
        assertThat(t.after().stos()).isEqualTo(NOW);
    }

    @Test
    void updateDoneInRecoverAfterMcltIsRecoverDoneAtOnce() {
        Transition t = primary.on(at(RECOVER, NOW.minus(MCLT), PARTNER_DOWN), LocalEvent.UPDDONE_RECEIVED, NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER_DONE);
    }

    @Test
    void updateDoneInPotentialConflict() {
        EndpointState conflict = at(POTENTIAL_CONFLICT, STOS, POTENTIAL_CONFLICT);
        assertThat(primary.on(conflict, LocalEvent.UPDDONE_RECEIVED, NOW).after().state()).isEqualTo(CONFLICT_DONE);
        assertThat(secondary.on(conflict, LocalEvent.UPDDONE_RECEIVED, NOW).after())
                .as("spurious before the primary is done").isEqualTo(conflict);

        EndpointState peerDone = at(POTENTIAL_CONFLICT, STOS, CONFLICT_DONE);
        assertThat(primary.on(peerDone, LocalEvent.UPDDONE_RECEIVED, NOW).after().state()).isEqualTo(SHUTDOWN);
        Transition secondaryDone = secondary.on(peerDone, LocalEvent.UPDDONE_RECEIVED, NOW);
        assertThat(secondaryDone.after().state()).isEqualTo(NORMAL);
        assertThat(secondaryDone.actions()).containsExactly(Step.REQUEUE_UNACKED, Step.BALANCE_POOLS,
                Step.SEND_QUEUED_UPDATES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"RECOVER", "POTENTIAL_CONFLICT", "STARTUP"})
    void updateDoneElsewhereIsIgnored(FailoverState mine) {
        EndpointState endpoint = at(mine, STOS, NORMAL);
        assertThat(primary.on(endpoint, LocalEvent.UPDDONE_RECEIVED, NOW).after()).isEqualTo(endpoint);
    }

    @Test
    void autoPartnerDownAfterItsTimeInCommunicationsInterruptedOnly() {
        EndpointState interrupted = at(COMMUNICATIONS_INTERRUPTED, STOS, NORMAL);
        assertThat(primary.on(interrupted, LocalEvent.AUTO_PARTNER_DOWN_EXPIRED, STOS.plus(AUTO).minusSeconds(1))
                .after()).as("a timer armed in an earlier interruption").isEqualTo(interrupted);
        Transition t = primary.on(interrupted, LocalEvent.AUTO_PARTNER_DOWN_EXPIRED, STOS.plus(AUTO));
        assertThat(t.after().state()).isEqualTo(PARTNER_DOWN);
        assertThat(t.actions()).containsExactly(Step.SET_TRANSITIONAL_TSFP);

        assertThat(new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ZERO)
                .on(interrupted, LocalEvent.AUTO_PARTNER_DOWN_EXPIRED, NOW).after()).as("off").isEqualTo(interrupted);
        EndpointState normal = at(NORMAL, STOS, NORMAL);
        assertThat(primary.on(normal, LocalEvent.AUTO_PARTNER_DOWN_EXPIRED, NOW).after()).isEqualTo(normal);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"PARTNER_DOWN", "STARTUP"})
    void operatorPartnerDown(FailoverState mine) {
        Transition t = primary.on(at(mine, STOS, NORMAL), LocalEvent.OPERATOR_PARTNER_DOWN, NOW);
        assertThat(t.after().state()).isEqualTo(PARTNER_DOWN);
        assertThat(t.after().stos()).isEqualTo(NOW);
        assertThat(t.actions()).contains(Step.SET_TRANSITIONAL_TSFP);
        assertThat(primary.on(starting(mine, NORMAL), LocalEvent.OPERATOR_PARTNER_DOWN, NOW).after())
                .isEqualTo(EndpointState.of(PARTNER_DOWN, NOW, NORMAL, MCLT));
        EndpointState down = at(PARTNER_DOWN, STOS, NORMAL);
        assertThat(primary.on(down, LocalEvent.OPERATOR_PARTNER_DOWN, NOW).after()).isEqualTo(down);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"SHUTDOWN", "STARTUP"})
    void operatorShutdown(FailoverState mine) {
        Transition t = primary.on(at(mine, STOS, NORMAL), LocalEvent.OPERATOR_SHUTDOWN, NOW);
        assertThat(t.after()).isEqualTo(EndpointState.of(SHUTDOWN, NOW, NORMAL, MCLT));
        assertThat(t.announces()).isTrue();
        assertThat(t.mustPersist()).isTrue();
        if (mine == NORMAL) {
            assertThat(t.actions()).as("what the peer has not acknowledged goes again when it is back")
                    .containsExactly(Step.REQUEUE_UNACKED);
        }
        assertThat(primary.on(starting(mine, NORMAL), LocalEvent.OPERATOR_SHUTDOWN, NOW).after())
                .isEqualTo(EndpointState.of(SHUTDOWN, NOW, NORMAL, MCLT));
        EndpointState down = at(SHUTDOWN, STOS, NORMAL);
        assertThat(primary.on(down, LocalEvent.OPERATOR_SHUTDOWN, NOW).after()).isEqualTo(down);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"SHUTDOWN", "PAUSED", "STARTUP"})
    void operatorPause(FailoverState mine) {
        Transition t = secondary.on(at(mine, STOS, NORMAL), LocalEvent.OPERATOR_PAUSE, NOW);
        assertThat(t.after()).isEqualTo(EndpointState.of(PAUSED, NOW, NORMAL, MCLT));
        assertThat(t.announces()).isTrue();
        assertThat(t.mustPersist()).isTrue();
    }

    @Test
    void aPauseLeavesAShutdownOrAPauseAsItIs() {
        EndpointState down = at(SHUTDOWN, STOS, PARTNER_DOWN);
        assertThat(primary.on(down, LocalEvent.OPERATOR_PAUSE, NOW).after()).as("recovery still owed").isEqualTo(down);
        EndpointState paused = at(PAUSED, STOS, COMMUNICATIONS_INTERRUPTED);
        assertThat(primary.on(paused, LocalEvent.OPERATOR_PAUSE, NOW).after()).isEqualTo(paused);
    }

    @Test
    void aPausedServerStaysPausedUntilRestartedThenResumesInterruptedAndReturnsToNormalWithItsPeer() {
        EndpointState paused = at(PAUSED, STOS, NORMAL);
        assertThat(primary.on(paused, LocalEvent.LINK_LOST, NOW).after()).isEqualTo(paused);
        assertThat(primary.on(paused, PeerStateReceived.of(COMMUNICATIONS_INTERRUPTED), NOW).after().state())
                .isEqualTo(PAUSED);

        Transition back = primary.on(starting(PAUSED, COMMUNICATIONS_INTERRUPTED),
                PeerStateReceived.of(COMMUNICATIONS_INTERRUPTED), NOW);
        assertThat(back.after().state()).isEqualTo(NORMAL);
        assertThat(back.actions()).contains(Step.SEND_QUEUED_UPDATES);
        Transition alone = primary.on(starting(PAUSED, COMMUNICATIONS_INTERRUPTED), LocalEvent.STARTUP_TIMEOUT, NOW);
        assertThat(alone.after()).isEqualTo(EndpointState.of(COMMUNICATIONS_INTERRUPTED, NOW,
                COMMUNICATIONS_INTERRUPTED, MCLT));
    }

    @Test
    void shutdownToRecoverWithThePeerInPartnerDownStartsMcltAgo() {
        Transition t = primary.on(starting(SHUTDOWN, NORMAL), PeerStateReceived.of(PARTNER_DOWN), NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER);
        assertThat(t.after().stos()).isEqualTo(NOW.minus(MCLT));
        assertThat(t.actions()).containsExactly(Step.SEND_UPDREQALL);
        // ... so its UPDDONE ends RECOVER without a wait.
        Transition done = primary.on(t.after(), LocalEvent.UPDDONE_RECEIVED, NOW.plusSeconds(5));
        assertThat(done.after().state()).isEqualTo(RECOVER_DONE);
    }

    @Test
    void shutdownToRecoverOtherwiseStartsNow() {
        Transition t = primary.on(starting(SHUTDOWN, NORMAL), PeerStateReceived.of(COMMUNICATIONS_INTERRUPTED), NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER);
        assertThat(t.after().stos()).isEqualTo(NOW);
        Transition timeout = primary.on(starting(SHUTDOWN, PARTNER_DOWN), LocalEvent.STARTUP_TIMEOUT, NOW);
        assertThat(timeout.after()).isEqualTo(EndpointState.of(RECOVER, NOW.minus(MCLT), PARTNER_DOWN, MCLT));
        assertThat(timeout.actions()).as("no link: UPDREQALL waits for the peer's STATE").isEmpty();
    }

    @Test
    void stosIsWholeSeconds() {
        Transition t = primary.on(at(NORMAL, STOS, NORMAL), LocalEvent.LINK_LOST, NOW.plusMillis(999));
        assertThat(t.after().stos()).isEqualTo(NOW);
    }

    private static EndpointState at(FailoverState state, Instant stos, FailoverState peer) {
        return EndpointState.of(state, stos, peer, MCLT);
    }
}

package io.tandem.failover.state;

import static io.tandem.api.FailoverState.COMMUNICATIONS_INTERRUPTED;
import static io.tandem.api.FailoverState.CONFLICT_DONE;
import static io.tandem.api.FailoverState.NORMAL;
import static io.tandem.api.FailoverState.PARTNER_DOWN;
import static io.tandem.api.FailoverState.POTENTIAL_CONFLICT;
import static io.tandem.api.FailoverState.RECOVER;
import static io.tandem.api.FailoverState.RESOLUTION_INTERRUPTED;
import static io.tandem.api.FailoverState.SHUTDOWN;
import static io.tandem.api.FailoverState.STARTUP;
import static io.tandem.failover.state.PeerStateTableTest.MCLT;
import static io.tandem.failover.state.PeerStateTableTest.NOW;
import static io.tandem.failover.state.PeerStateTableTest.STOS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules around the §2.3 table: unknown codes, the STARTUP flag, leaving STARTUP, and the conditional cells. */
class PeerStateRulesTest {

    private final FailoverStateMachine primary = new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ZERO);
    private final FailoverStateMachine secondary = new FailoverStateMachine(FailoverRole.SECONDARY, Duration.ZERO);

    @ParameterizedTest(name = "peer code {0}")
    @ValueSource(ints = {0, 1, 12, 77, 253, 255})
    void aPeerStateWithoutAColumnSendsEveryStateToShutdown(int code) {
        for (FailoverState mine : FailoverState.values()) {
            EndpointState before = mine == STARTUP ? starting(NORMAL, NORMAL)
                    : EndpointState.of(mine, STOS, NORMAL, MCLT);
            Transition t = primary.on(before, new PeerStateReceived(code, false), NOW);
            assertThat(t.after().state()).as("%s hears %s", mine, code).isEqualTo(SHUTDOWN);
            assertThat(t.after().peerState()).isEqualTo(FailoverState.UNKNOWN);
            assertThat(t.after().saved()).isEmpty();
        }
    }

    @ParameterizedTest(name = "peer in STARTUP says {0}")
    @EnumSource(names = {"NORMAL", "COMMUNICATIONS_INTERRUPTED", "POTENTIAL_CONFLICT", "RECOVER", "RECOVER_DONE",
        "SHUTDOWN", "PARTNER_DOWN"})
    void partnerDownIgnoresAPeerStillInStartupEntirely(FailoverState peer) {
        EndpointState down = EndpointState.of(PARTNER_DOWN, STOS, COMMUNICATIONS_INTERRUPTED, MCLT);
        Transition t = primary.on(down, PeerStateReceived.starting(peer), NOW);
        assertThat(t.after()).isEqualTo(down);
        assertThat(t.actions()).isEmpty();

        // The same server restarting into a saved PARTNER-DOWN ignores it too, and stays in STARTUP.
        EndpointState restarting = starting(PARTNER_DOWN, COMMUNICATIONS_INTERRUPTED);
        assertThat(primary.on(restarting, PeerStateReceived.starting(peer), NOW).after()).isEqualTo(restarting);
    }

    @Test
    void partnerDownActsOnTheSameStateOnceTheFlagIsCleared() {
        EndpointState down = EndpointState.of(PARTNER_DOWN, STOS, COMMUNICATIONS_INTERRUPTED, MCLT);
        Transition t = primary.on(down, PeerStateReceived.of(NORMAL), NOW);
        assertThat(t.after().state()).isEqualTo(POTENTIAL_CONFLICT);
    }

    @Test
    void otherStatesActOnAPeerInStartup() {
        EndpointState interrupted = EndpointState.of(COMMUNICATIONS_INTERRUPTED, STOS, NORMAL, MCLT);
        Transition t = primary.on(interrupted, PeerStateReceived.starting(FailoverState.RECOVER_DONE), NOW);
        assertThat(t.after().state()).isEqualTo(NORMAL);
    }

    @Test
    void normalHearingPartnerDownGoesToRecoverWhenStillInStartup() {
        Transition t = primary.on(starting(NORMAL, COMMUNICATIONS_INTERRUPTED), PeerStateReceived.of(PARTNER_DOWN),
                NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER);
        assertThat(t.after().stos()).isEqualTo(NOW);
        assertThat(t.actions()).containsExactly(Step.SEND_UPDREQALL);
    }

    @ParameterizedTest(name = "peer says {0}")
    @EnumSource(names = {"COMMUNICATIONS_INTERRUPTED", "PARTNER_DOWN", "RECOVER"})
    void recoverRowSendsUpdreqallOnceWhenLeavingStartup(FailoverState peer) {
        Transition t = primary.on(starting(RECOVER, FailoverState.UNKNOWN), PeerStateReceived.of(peer), NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER);
        assertThat(t.after().stos()).as("leaving STARTUP keeps STOS").isEqualTo(STOS);
        assertThat(t.actions()).containsExactly(Step.SEND_UPDREQALL);
    }

    @Test
    void potentialConflictSendsUpdreqOnConflictDoneOnlyIfThePeerWasInPotentialConflict() {
        EndpointState afterConflict = EndpointState.of(POTENTIAL_CONFLICT, STOS, POTENTIAL_CONFLICT, MCLT);
        Transition t = secondary.on(afterConflict, PeerStateReceived.of(CONFLICT_DONE), NOW);
        assertThat(t.after().state()).isEqualTo(POTENTIAL_CONFLICT);
        assertThat(t.actions()).containsExactly(Step.SEND_UPDREQ);

        EndpointState otherwise = EndpointState.of(POTENTIAL_CONFLICT, STOS, RESOLUTION_INTERRUPTED, MCLT);
        assertThat(secondary.on(otherwise, PeerStateReceived.of(CONFLICT_DONE), NOW).actions()).isEmpty();
    }

    @ParameterizedTest(name = "saved {0}")
    @EnumSource(names = {"NORMAL", "RECOVER_DONE", "RECOVER_WAIT"})
    void leavingStartupResumesTheSavedStateWithItsStos(FailoverState saved) {
        // The peer says RECOVER-WAIT: "-" in each of these rows, so only leaving STARTUP is seen.
        Transition t = primary.on(starting(saved, NORMAL), PeerStateReceived.of(FailoverState.RECOVER_WAIT), NOW);
        assertThat(t.after().state()).isEqualTo(saved);
        assertThat(t.after().stos()).isEqualTo(STOS);
        assertThat(t.after().saved()).isEmpty();
        assertThat(t.after().peerState()).isEqualTo(FailoverState.RECOVER_WAIT);
        assertThat(t.announces()).as("the STATE without the STARTUP flag").isTrue();
    }

    @Test
    void aSavedResolutionInterruptedResumesAsPotentialConflict() {
        Transition t = primary.on(starting(RESOLUTION_INTERRUPTED, POTENTIAL_CONFLICT),
                PeerStateReceived.of(POTENTIAL_CONFLICT), NOW);
        assertThat(t.after().state()).isEqualTo(POTENTIAL_CONFLICT);
        assertThat(t.after().stos()).isEqualTo(STOS);
        assertThat(t.actions()).as("the primary's entry into POTENTIAL-CONFLICT").containsExactly(Step.SEND_UPDREQ);
    }

    @Test
    void inStartupARepeatedStateIsNotIgnored() {
        Transition t = primary.on(starting(NORMAL, COMMUNICATIONS_INTERRUPTED),
                PeerStateReceived.of(COMMUNICATIONS_INTERRUPTED), NOW);
        assertThat(t.after().state()).isEqualTo(NORMAL);
        assertThat(t.actions()).containsExactly(Step.BALANCE_POOLS, Step.SEND_QUEUED_UPDATES);
    }

    static EndpointState starting(FailoverState saved, FailoverState peer) {
        return new EndpointState(STARTUP, STOS, Optional.of(saved), peer, MCLT);
    }
}

package io.tandem.failover.state;

import static io.tandem.api.FailoverState.COMMUNICATIONS_INTERRUPTED;
import static io.tandem.api.FailoverState.CONFLICT_DONE;
import static io.tandem.api.FailoverState.NORMAL;
import static io.tandem.api.FailoverState.PARTNER_DOWN;
import static io.tandem.api.FailoverState.POTENTIAL_CONFLICT;
import static io.tandem.api.FailoverState.RECOVER;
import static io.tandem.api.FailoverState.RECOVER_DONE;
import static io.tandem.api.FailoverState.RESOLUTION_INTERRUPTED;
import static io.tandem.api.FailoverState.SHUTDOWN;
import static io.tandem.failover.state.PeerStateTableTest.MCLT;
import static io.tandem.failover.state.PeerStateTableTest.NOW;
import static io.tandem.failover.state.PeerStateTableTest.STOS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** §2.4's entry and exit actions, added to every change of state whatever caused it, in order: exit, entry, cell. */
class EntryActionsTest {

    private final FailoverStateMachine primary = new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ZERO);
    private final FailoverStateMachine secondary = new FailoverStateMachine(FailoverRole.SECONDARY, Duration.ZERO);

    @Test
    void enteringNormalBalancesPoolsThenSendsTheQueue() {
        Transition t = primary.on(at(RECOVER_DONE, FailoverState.UNKNOWN), PeerStateReceived.of(NORMAL), NOW);
        assertThat(t.actions()).containsExactly(Step.BALANCE_POOLS, Step.SEND_QUEUED_UPDATES);
    }

    @Test
    void leavingNormalPotentialConflictOrPartnerDownRequeuesWhatWasNotAcknowledged() {
        assertThat(primary.on(at(NORMAL, NORMAL), PeerStateReceived.of(FailoverState.PAUSED), NOW).actions())
                .containsExactly(Step.REQUEUE_UNACKED);
        assertThat(primary.on(at(POTENTIAL_CONFLICT, POTENTIAL_CONFLICT), PeerStateReceived.of(RECOVER), NOW)
                .actions()).containsExactly(Step.REQUEUE_UNACKED, Step.SEND_UPDREQALL);
        assertThat(primary.on(at(PARTNER_DOWN, SHUTDOWN), PeerStateReceived.of(RECOVER_DONE), NOW).actions())
                .containsExactly(Step.REQUEUE_UNACKED, Step.BALANCE_POOLS, Step.SEND_QUEUED_UPDATES);
    }

    @Test
    void enteringPotentialConflictTheSecondaryWaitsForThePrimary() {
        EndpointState interrupted = at(COMMUNICATIONS_INTERRUPTED, NORMAL);
        assertThat(primary.on(interrupted, PeerStateReceived.of(PARTNER_DOWN), NOW).actions())
                .containsExactly(Step.SEND_UPDREQ);
        assertThat(secondary.on(interrupted, PeerStateReceived.of(PARTNER_DOWN), NOW).actions()).isEmpty();
    }

    @Test
    void enteringPotentialConflictWithThePrimaryAlreadyDoneTheSecondaryAsksAtOnce() {
        for (FailoverState from : new FailoverState[] {COMMUNICATIONS_INTERRUPTED, RESOLUTION_INTERRUPTED}) {
            Transition t = secondary.on(at(from, NORMAL), PeerStateReceived.of(CONFLICT_DONE), NOW);
            assertThat(t.after().state()).isEqualTo(POTENTIAL_CONFLICT);
            assertThat(t.actions()).as("from " + from).containsExactly(Step.SEND_UPDREQ);
        }
    }

    @Test
    void enteringRecoverOverALinkSendsUpdreqall() {
        Transition t = primary.on(at(POTENTIAL_CONFLICT, POTENTIAL_CONFLICT), PeerStateReceived.of(RECOVER), NOW);
        assertThat(t.after().state()).isEqualTo(RECOVER);
        assertThat(t.actions()).containsExactly(Step.REQUEUE_UNACKED, Step.SEND_UPDREQALL);
    }

    @Test
    void enteringPartnerDownSetsTheTransitionalTsfp() {
        Transition t = primary.on(at(NORMAL, NORMAL), PeerStateReceived.of(SHUTDOWN), NOW);
        assertThat(t.after().state()).isEqualTo(PARTNER_DOWN);
        assertThat(t.actions()).containsExactly(Step.REQUEUE_UNACKED, Step.SET_TRANSITIONAL_TSFP);
    }

    @Test
    void enteringCommunicationsInterruptedArmsAutoPartnerDownOnlyWhenConfigured() {
        Transition off = primary.on(at(NORMAL, NORMAL), PeerStateReceived.of(FailoverState.PAUSED), NOW);
        assertThat(off.actions()).doesNotHaveAnyElementsOfTypes(ArmTimer.class);

        FailoverStateMachine auto = new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ofSeconds(600));
        Transition on = auto.on(at(NORMAL, NORMAL), LocalEvent.LINK_LOST, NOW);
        assertThat(on.actions()).containsExactly(Step.REQUEUE_UNACKED,
                new ArmTimer(ArmTimer.Timer.AUTO_PARTNER_DOWN, NOW.plusSeconds(600)));
    }

    @Test
    void aChangeIsPersistedAndAnnouncedAndANewPeerStateOnlyPersisted() {
        Transition change = primary.on(at(NORMAL, NORMAL), LocalEvent.LINK_LOST, NOW);
        assertThat(change.mustPersist()).isTrue();
        assertThat(change.announces()).isTrue();

        Transition peerOnly = primary.on(at(NORMAL, NORMAL), PeerStateReceived.of(RECOVER_DONE), NOW);
        assertThat(peerOnly.mustPersist()).isTrue();
        assertThat(peerOnly.announces()).isFalse();

        Transition nothing = primary.on(at(NORMAL, NORMAL), PeerStateReceived.of(NORMAL), NOW);
        assertThat(nothing.mustPersist()).isFalse();
        assertThat(nothing.announces()).isFalse();
    }

    private static EndpointState at(FailoverState state, FailoverState peer) {
        return EndpointState.of(state, STOS, peer, MCLT);
    }
}

package io.tandem.policy.affinity;

import static io.tandem.policy.affinity.Requests.T0;
import static io.tandem.policy.affinity.Requests.lease;
import static io.tandem.policy.affinity.Requests.pairLoadBalancingToThePeer;
import static io.tandem.policy.affinity.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffinityPolicyTest {

    private final AffinityPolicy policy = new AffinityPolicy();

    private static Proposal offer(String address) {
        return new Proposal.Offer(Ipv4Address.parse(address));
    }

    @Test
    void isNamedAffinity() {
        assertThat(policy.name()).isEqualTo("affinity");
    }

    @Test
    void newClientGetsTheLongestFreeAddress() {
        FakeAllocatable allocatable = new FakeAllocatable()
                .free("192.0.2.10", T0.minusSeconds(60))
                .free("192.0.2.11", T0.minusSeconds(3600))
                .free("192.0.2.12", T0.minusSeconds(5));

        assertThat(policy.propose(request(List.of(), allocatable))).isEqualTo(offer("192.0.2.11"));
    }

    @Test
    void returningClientGetsItsPreviousAddressOverTheLongestFree() {
        FakeAllocatable allocatable = new FakeAllocatable()
                .free("192.0.2.10", T0.minus(Duration.ofDays(30)))
                .free("192.0.2.42", T0.minusSeconds(10));

        Proposal proposal = policy.propose(request(
                List.of(lease("192.0.2.42", BindingState.RELEASED, T0.minusSeconds(10))), allocatable));

        assertThat(proposal).isEqualTo(offer("192.0.2.42"));
    }

    @Test
    void everyFreeStateKeepsAffinity() {
        for (BindingState state : List.of(BindingState.FREE, BindingState.EXPIRED, BindingState.RELEASED,
                BindingState.RESET, BindingState.BACKUP)) {
            FakeAllocatable allocatable = new FakeAllocatable()
                    .free("192.0.2.10", T0.minus(Duration.ofDays(30)))
                    .free("192.0.2.77", T0);

            Proposal proposal = policy.propose(request(List.of(lease("192.0.2.77", state, T0)), allocatable));

            assertThat(proposal).as("previous lease %s", state).isEqualTo(offer("192.0.2.77"));
        }
    }

    @Test
    void previousAddressThatIsNoLongerAllocatableFallsBackToTheLongestFree() {
        FakeAllocatable allocatable = new FakeAllocatable()
                .free("192.0.2.10", T0.minusSeconds(100))
                .free("192.0.2.11", T0.minusSeconds(200));

        Proposal proposal = policy.propose(request(
                List.of(lease("192.0.2.42", BindingState.EXPIRED, T0.minusSeconds(10))), allocatable));

        assertThat(proposal).isEqualTo(offer("192.0.2.11"));
    }

    @Test
    void theMostRecentlyUsedAllocatableLeaseWins() {
        FakeAllocatable allocatable = new FakeAllocatable()
                .free("192.0.2.20", T0)
                .free("192.0.2.21", T0)
                .free("192.0.2.22", T0)
                .free("192.0.2.30", T0.minus(Duration.ofDays(1)));

        Proposal proposal = policy.propose(request(List.of(
                lease("192.0.2.20", BindingState.EXPIRED, T0.minus(Duration.ofDays(3))),
                lease("192.0.2.21", BindingState.RELEASED, T0.minus(Duration.ofDays(1))),
                lease("192.0.2.23", BindingState.RELEASED, T0.minusSeconds(5)),
                lease("192.0.2.22", BindingState.FREE, T0.minus(Duration.ofDays(2)))), allocatable));

        // .23 is the most recent but has been given to someone else; .21 is the most recent that is still free.
        assertThat(proposal).isEqualTo(offer("192.0.2.21"));
    }

    @Test
    void equalLastTransactionTimesAreDecidedByTheLaterEnd() {
        FakeAllocatable allocatable = new FakeAllocatable().free("192.0.2.20", T0).free("192.0.2.21", T0);
        Ipv4Address earlyEnd = Ipv4Address.parse("192.0.2.20");
        Ipv4Address lateEnd = Ipv4Address.parse("192.0.2.21");

        Proposal proposal = policy.propose(request(List.of(
                lease(lateEnd, BindingState.EXPIRED, T0, T0.plusSeconds(7200)),
                lease(earlyEnd, BindingState.EXPIRED, T0, T0.plusSeconds(3600))), allocatable));

        assertThat(proposal).isEqualTo(new Proposal.Offer(lateEnd));
    }

    @Test
    void anActiveLeaseIsNeverTakenForAPreviousAddress() {
        // Core answers a client's ACTIVE lease itself; the policy must not treat it as a free previous address.
        FakeAllocatable allocatable = new FakeAllocatable()
                .free("192.0.2.50", T0)
                .free("192.0.2.10", T0.minusSeconds(60));

        Proposal proposal = policy.propose(request(
                List.of(lease("192.0.2.50", BindingState.ACTIVE, T0)), allocatable));

        assertThat(proposal).isEqualTo(offer("192.0.2.10"));
    }

    @Test
    void nothingAllocatableIsPoolExhausted() {
        Proposal proposal = policy.propose(request(
                List.of(lease("192.0.2.42", BindingState.EXPIRED, T0)), new FakeAllocatable()));

        assertThat(proposal).isEqualTo(new Proposal.NoAddress("pool exhausted"));
    }

    @Test
    void whoAnswersIsLeftToCoreSoAPairViewChangesNothing() {
        FakeAllocatable allocatable = new FakeAllocatable().free("192.0.2.42", T0);

        Proposal proposal = policy.propose(request(
                List.of(lease("192.0.2.42", BindingState.FREE, T0)), allocatable, pairLoadBalancingToThePeer()));

        assertThat(proposal).isEqualTo(offer("192.0.2.42"));
    }
}

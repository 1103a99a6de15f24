package io.tandem.policy.affinity;

import static io.tandem.policy.affinity.Requests.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random requests over random pools and client histories; every proposal is checked against the
 * rule, not against a second implementation of it.
 */
class AffinityPolicyRandomizedTest {

    private static final long SEED = 0x7A4DE3L;
    private static final int REQUESTS = 20_000;
    private static final BindingState[] CLIENT_LEASE_STATES = {BindingState.FREE, BindingState.EXPIRED,
            BindingState.RELEASED, BindingState.RESET, BindingState.BACKUP, BindingState.ACTIVE};
    private static final Comparator<Lease> RECENCY = Comparator.comparing(Lease::cltt).thenComparing(Lease::end);

    private enum Outcome { AFFINITY, LONGEST_FREE, EXHAUSTED }

    private final AffinityPolicy policy = new AffinityPolicy();

    @Test
    void everyProposalFollowsTheRule() {
        Random random = new Random(SEED);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < REQUESTS; i++) {
            FakeAllocatable allocatable = randomAllocatable(random);
            List<Lease> history = randomHistory(random, allocatable);
            AllocationRequest request = Requests.request(history, allocatable);

            Proposal proposal = policy.propose(request);

            Outcome outcome = check(request, proposal, allocatable);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // The random space must exercise every branch, or the checks above prove little.
        assertThat(outcomes.keySet()).as("outcomes seen: %s", outcomes).containsExactlyInAnyOrder(Outcome.values());
        outcomes.values().forEach(count -> assertThat(count).as("outcomes: %s", outcomes).isGreaterThan(200));
    }

    private static Outcome check(AllocationRequest request, Proposal proposal, FakeAllocatable allocatable) {
        String context = "seed " + SEED + ", request " + request;
        List<Lease> reusable = request.clientLeases().stream()
                .filter(lease -> lease.state() != BindingState.ACTIVE && allocatable.contains(lease.address()))
                .toList();
        if (proposal instanceof Proposal.Offer offer) {
            assertThat(allocatable.contains(offer.address())).as("offered an unallocatable address; " + context)
                    .isTrue();
            if (!reusable.isEmpty()) {
                Lease chosen = reusable.stream().filter(lease -> lease.address().equals(offer.address()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("affinity was possible but lost; " + context));
                assertThat(reusable).as("a more recent reusable lease exists; " + context)
                        .allMatch(other -> RECENCY.compare(other, chosen) <= 0);
                return Outcome.AFFINITY;
            }
            assertThat(offer.address()).as(context).isEqualTo(allocatable.longestFree().orElseThrow());
            return Outcome.LONGEST_FREE;
        }
        if (proposal instanceof Proposal.NoAddress none) {
            assertThat(allocatable.size()).as(context).isZero();
            assertThat(none.reason()).isEqualTo("pool exhausted");
            return Outcome.EXHAUSTED;
        }
        return fail("unexpected proposal " + proposal + "; " + context);
    }

    /** 0 to 12 free addresses of a small pool (so client histories often hit them), sometimes none. */
    private static FakeAllocatable randomAllocatable(Random random) {
        FakeAllocatable allocatable = new FakeAllocatable();
        int count = random.nextInt(8) == 0 ? 0 : random.nextInt(13);
        for (int i = 0; i < count; i++) {
            allocatable.free(poolAddress(random), T0.minusSeconds(random.nextInt(100_000)));
        }
        return allocatable;
    }

    /** 0 to 5 leases of the client on distinct addresses, in random states and with colliding times. */
    private static List<Lease> randomHistory(Random random, FakeAllocatable allocatable) {
        List<Lease> history = new ArrayList<>();
        Set<Ipv4Address> used = new HashSet<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            Ipv4Address address = poolAddress(random);
            if (!used.add(address)) {
                continue;
            }
            BindingState state = CLIENT_LEASE_STATES[random.nextInt(CLIENT_LEASE_STATES.length)];
            // Few distinct times, so ties on cltt (decided by end) and on both come up often.
            Instant cltt = T0.minusSeconds(3600L * random.nextInt(6));
            Instant end = cltt.plusSeconds(1800L * random.nextInt(4));
            history.add(Requests.lease(address, state, cltt, end));
        }
        return history;
    }

    private static Ipv4Address poolAddress(Random random) {
        return Ipv4Address.parse("192.0.2." + (10 + random.nextInt(20)));
    }
}

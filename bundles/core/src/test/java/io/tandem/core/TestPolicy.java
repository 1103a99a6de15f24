package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.util.Comparator;
import java.util.function.Function;

/** The smallest policy with affinity, so that core's tests do not depend on the policy bundle. */
final class TestPolicy implements AllocationPolicy {

    /** A policy named {@code name} that answers with {@code propose}. */
    static AllocationPolicy answering(String name, Function<AllocationRequest, Proposal> propose) {
        return new AllocationPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Proposal propose(AllocationRequest request) {
                return propose.apply(request);
            }
        };
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Proposal propose(AllocationRequest request) {
        return request.clientLeases().stream()
                .filter(lease -> lease.state() != BindingState.ACTIVE)
                .filter(lease -> request.allocatable().contains(lease.address()))
                .max(Comparator.comparing(Lease::cltt))
                .<Proposal>map(lease -> new Proposal.Offer(lease.address()))
                .or(() -> request.allocatable().longestFree().map(Proposal.Offer::new))
                .orElse(new Proposal.NoAddress("pool exhausted"));
    }
}

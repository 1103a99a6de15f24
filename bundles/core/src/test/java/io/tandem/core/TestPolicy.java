package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.util.Comparator;

/** The smallest policy with affinity, so that core's tests do not depend on the policy bundle. */
final class TestPolicy implements AllocationPolicy {

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

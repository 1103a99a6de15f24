package io.tandem.policy.affinity;

import io.tandem.api.AllocatableAddresses;
import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.Comparator;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Tandem's default {@link AllocationPolicy}: a returning client gets back the address it used last when that
 * address is still allocatable, a new client the address that has been free the longest (so a released address
 * stays with its last client as long as possible, as in ISC dhcpd).
 *
 * <p>Core has already handled the client's ACTIVE lease, an offer held for it and the address it requested before
 * it asks a policy, so this class only chooses among free addresses. Stateless and without I/O.
 */
@Component(
        service = AllocationPolicy.class,
        immediate = true,
        configurationPid = AffinityPolicy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=" + AffinityPolicy.DEFAULT_RANKING)
@Designate(ocd = AffinityPolicyConfig.class)
public final class AffinityPolicy implements AllocationPolicy {

    static final String PID = "io.tandem.policy.affinity";
    static final int DEFAULT_RANKING = 100;

    /** Most recently used first: latest client transaction, then latest end, then the lower address. */
    private static final Comparator<Lease> MOST_RECENTLY_USED = Comparator.comparing(Lease::cltt)
            .thenComparing(Lease::end)
            .reversed()
            .thenComparing(Lease::address);

    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public Proposal propose(AllocationRequest request) {
        AllocatableAddresses allocatable = request.allocatable();
        return previousAddress(request, allocatable)
                .or(allocatable::longestFree)
                .<Proposal>map(Proposal.Offer::new)
                .orElseGet(() -> new Proposal.NoAddress("pool exhausted"));
    }

    /** The address of the client's most recently used lease that is not bound and may be allocated again. */
    private static Optional<Ipv4Address> previousAddress(AllocationRequest request, AllocatableAddresses allocatable) {
        return request.clientLeases().stream()
                .filter(lease -> !lease.state().isBound())
                .sorted(MOST_RECENTLY_USED)
                .map(Lease::address)
                .filter(allocatable::contains)
                .findFirst();
    }
}

package io.tandem.policy.stablehash;

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
 * An {@link AllocationPolicy} that places a new client at its {@link HomeAddress}, a hash of its identity, or the
 * first allocatable address after it: a device tends to get the same address after its lease has expired, after
 * the lease database is lost, and from either server of a pair. A returning client keeps its previous address
 * while it is allocatable, so a device displaced from its home once stays where it is. Stateless, no I/O.
 */
@Component(
        service = AllocationPolicy.class,
        immediate = true,
        configurationPid = StableHashPolicy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=" + StableHashPolicy.DEFAULT_RANKING)
@Designate(ocd = StableHashPolicyConfig.class)
public final class StableHashPolicy implements AllocationPolicy {

    static final String PID = "io.tandem.policy.stablehash";
    /** Below affinity's, so that installing this policy beside the default does not switch by itself. */
    static final int DEFAULT_RANKING = 50;

    @Override
    public String name() {
        return "stable-hash";
    }

    @Override
    public Proposal propose(AllocationRequest request) {
        AllocatableAddresses allocatable = request.allocatable();
        return previousAddress(request)
                .or(() -> allocatable.firstFrom(HomeAddress.of(request.client(), request.subnet())))
                .or(allocatable::longestFree)
                .<Proposal>map(Proposal.Offer::new)
                .orElseGet(() -> new Proposal.NoAddress("pool exhausted"));
    }

    /** The address of the client's most recent lease, when it is not bound and may be allocated again. */
    private static Optional<Ipv4Address> previousAddress(AllocationRequest request) {
        return request.clientLeases().stream()
                .filter(lease -> !lease.state().isBound())
                .max(Comparator.comparing(Lease::cltt))
                .map(Lease::address)
                .filter(request.allocatable()::contains);
    }
}

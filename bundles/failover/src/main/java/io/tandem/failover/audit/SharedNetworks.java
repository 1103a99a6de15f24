package io.tandem.failover.audit;

import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which audited subnet an address belongs to: the most specific one containing it. */
final class SharedNetworks {

    private final List<Subnet> mostSpecificFirst;

    SharedNetworks(List<Subnet> subnets) {
        this.mostSpecificFirst = subnets.stream()
                .sorted(Comparator.comparingInt(Subnet::prefixLength).reversed()
                        .thenComparing(Subnet::network))
                .toList();
    }

    /** The subnet containing {@code address}, or empty when no audited subnet does. */
    Optional<Subnet> of(Ipv4Address address) {
        return mostSpecificFirst.stream().filter(subnet -> subnet.contains(address)).findFirst();
    }
}

package io.tandem.failover.audit;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A client bound (ACTIVE) to more than one address of one shared network, on one server or across the pair
 * (ARCHITECTURE.md invariant 1).
 *
 * @param client the client
 * @param network the subnet holding the addresses; empty for addresses outside every audited subnet
 * @param holdings every ACTIVE lease of the client there, by address, primary first
 */
public record DuplicateBinding(ClientId client, Optional<Subnet> network, List<Holding> holdings) implements Finding {

    public DuplicateBinding {
        holdings = List.copyOf(holdings);
        if (holdings.isEmpty()) {
            throw new IllegalArgumentException("a duplicate binding needs its leases");
        }
    }

    @Override
    public Ipv4Address address() {
        return holdings.get(0).address();
    }

    @Override
    public String description() {
        return client + " is bound to more than one address in "
                + network.map(Subnet::toString).orElse("no audited subnet") + ": "
                + holdings.stream().map(h -> h.address() + " on the " + h.server()).collect(Collectors.joining(", "));
    }
}

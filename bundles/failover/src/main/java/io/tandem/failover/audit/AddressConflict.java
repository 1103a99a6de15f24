package io.tandem.failover.audit;

import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An address bound (ACTIVE) to two or more different clients: on one server, or on both with different clients
 * (ARCHITECTURE.md invariant 2).
 *
 * @param address the address
 * @param holdings every ACTIVE copy of the address, primary first, then by client
 */
public record AddressConflict(Ipv4Address address, List<Holding> holdings) implements Finding {

    public AddressConflict {
        holdings = List.copyOf(holdings);
    }

    @Override
    public String description() {
        return address + " is bound to more than one client: "
                + holdings.stream().map(h -> h.client() + " on the " + h.server()).collect(Collectors.joining(", "));
    }
}

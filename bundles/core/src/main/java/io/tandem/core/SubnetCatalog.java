package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The subnets being served, in address order, never overlapping. Immutable; replaced whole on a change. */
record SubnetCatalog(List<ServedSubnet> subnets) {

    static final SubnetCatalog EMPTY = new SubnetCatalog(List.of());

    SubnetCatalog {
        subnets = subnets.stream().sorted(Comparator.comparing(served -> served.subnet().network())).toList();
        for (int i = 1; i < subnets.size(); i++) {
            if (SubnetArbiter.overlaps(subnets.get(i - 1).subnet(), subnets.get(i).subnet())) {
                throw new IllegalArgumentException(subnets.get(i - 1).subnet() + " overlaps " + subnets.get(i).subnet());
            }
        }
    }

    /** The served subnet that contains {@code address}. */
    Optional<ServedSubnet> containing(Ipv4Address address) {
        for (ServedSubnet served : subnets) {
            if (served.subnet().contains(address)) {
                return Optional.of(served);
            }
        }
        return Optional.empty();
    }

    /** The served subnet configured by {@code pid}. */
    Optional<ServedSubnet> byPid(String pid) {
        return subnets.stream().filter(served -> served.settings().pid().equals(pid)).findFirst();
    }
}

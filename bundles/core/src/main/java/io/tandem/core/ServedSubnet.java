package io.tandem.core;

import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;

/**
 * A subnet being served: its settings, the in-memory index of its free pool addresses and the census of its pool
 * addresses' states.
 */
record ServedSubnet(SubnetSettings settings, FreeAddresses free, PoolCensus census) {

    ServedSubnet(SubnetSettings settings, PoolIndex index) {
        this(settings, index.free(), index.census());
    }

    PoolIndex index() {
        return new PoolIndex(free, census);
    }

    Subnet subnet() {
        return settings.subnet();
    }

    /** True if {@code address} is in a pool and not reserved: the addresses the dynamic pool hands out. */
    boolean isDynamic(Ipv4Address address) {
        return settings.subnet().inPool(address) && !settings.reservations().isReserved(address);
    }

    /** How many addresses the dynamic pool has. */
    long dynamicSize() {
        long reservedInPools = settings.reservations().addresses().stream().filter(subnet()::inPool).count();
        return subnet().pools().stream().mapToLong(pool -> pool.size()).sum() - reservedInPools;
    }
}

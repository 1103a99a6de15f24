package io.tandem.policy.stablehash;

import io.tandem.api.AllocatableAddresses;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.Optional;
import java.util.TreeSet;

/** A subnet's pools with every address free at first; {@link #take} allocates one. Longest-free is the lowest. */
final class FreePool implements AllocatableAddresses {

    private final TreeSet<Ipv4Address> free = new TreeSet<>();

    FreePool(Subnet subnet) {
        for (PoolRange pool : subnet.pools()) {
            for (long address = pool.first().toUnsigned(); address <= pool.last().toUnsigned(); address++) {
                free.add(new Ipv4Address((int) address));
            }
        }
    }

    void take(Ipv4Address address) {
        if (!free.remove(address)) {
            throw new IllegalArgumentException(address + " is not free");
        }
    }

    @Override
    public long size() {
        return free.size();
    }

    @Override
    public boolean contains(Ipv4Address address) {
        return free.contains(address);
    }

    @Override
    public Optional<Ipv4Address> longestFree() {
        return free.isEmpty() ? Optional.empty() : Optional.of(free.first());
    }

    @Override
    public Optional<Ipv4Address> firstFrom(Ipv4Address start) {
        return Optional.ofNullable(free.ceiling(start)).or(this::longestFree);
    }
}

package io.tandem.policy.affinity;

import io.tandem.api.AllocatableAddresses;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Allocatable addresses with the time each became free; the longest-free is the earliest, then the lowest. */
final class FakeAllocatable implements AllocatableAddresses {

    private final TreeMap<Ipv4Address, Instant> freeSince = new TreeMap<>();

    FakeAllocatable free(Ipv4Address address, Instant since) {
        freeSince.put(address, since);
        return this;
    }

    FakeAllocatable free(String address, Instant since) {
        return free(Ipv4Address.parse(address), since);
    }

    @Override
    public long size() {
        return freeSince.size();
    }

    @Override
    public boolean contains(Ipv4Address address) {
        return freeSince.containsKey(address);
    }

    @Override
    public Optional<Ipv4Address> longestFree() {
        return freeSince.entrySet().stream()
                .min(Map.Entry.<Ipv4Address, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    @Override
    public Optional<Ipv4Address> firstFrom(Ipv4Address start) {
        return Optional.ofNullable(freeSince.ceilingKey(start)).or(() -> freeSince.keySet().stream().findFirst());
    }
}

package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The free addresses of one subnet's pools, ordered by how long they have been free (never-used addresses first,
 * lowest address first among equals). Kept in memory; rebuilt from the store when the subnet is configured, updated
 * as leases change. Thread-safe: every method is short and synchronized.
 */
final class FreeAddresses {

    static final int SEARCH_LIMIT = 64;

    private record Entry(long freeSinceSecond, Ipv4Address address) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(freeSinceSecond, other.freeSinceSecond);
            return byTime != 0 ? byTime : address.compareTo(other.address);
        }
    }

    private final TreeSet<Entry> byAge = new TreeSet<>();
    private final NavigableMap<Ipv4Address, Entry> byAddress = new TreeMap<>();

    /** Marks {@code address} free since {@code since}; replaces an earlier entry. */
    synchronized void add(Ipv4Address address, Instant since) {
        remove(address);
        Entry entry = new Entry(since.getEpochSecond(), address);
        byAge.add(entry);
        byAddress.put(address, entry);
    }

    /** Removes {@code address}; returns when it had been free since, if it was free. */
    synchronized Optional<Instant> remove(Ipv4Address address) {
        Entry entry = byAddress.remove(address);
        if (entry == null) {
            return Optional.empty();
        }
        byAge.remove(entry);
        return Optional.of(Instant.ofEpochSecond(entry.freeSinceSecond));
    }

    synchronized boolean contains(Ipv4Address address) {
        return byAddress.containsKey(address);
    }

    /**
     * The address free the longest that {@code usable} accepts, looking at no more than {@value #SEARCH_LIMIT}
     * candidates so that a pool full of addresses held elsewhere cannot stall a request.
     */
    synchronized Optional<Ipv4Address> longestFree(Predicate<Ipv4Address> usable) {
        int looked = 0;
        for (Entry entry : byAge) {
            if (usable.test(entry.address)) {
                return Optional.of(entry.address);
            }
            if (++looked == SEARCH_LIMIT) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * The first address at or after {@code start} that {@code usable} accepts, continuing from the lowest free
     * address after the highest, looking at no more than {@value #SEARCH_LIMIT} candidates.
     */
    synchronized Optional<Ipv4Address> firstFrom(Ipv4Address start, Predicate<Ipv4Address> usable) {
        int looked = 0;
        for (NavigableMap<Ipv4Address, Entry> part
                : List.of(byAddress.tailMap(start, true), byAddress.headMap(start, false))) {
            for (Ipv4Address address : part.keySet()) {
                if (usable.test(address)) {
                    return Optional.of(address);
                }
                if (++looked == SEARCH_LIMIT) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Every free address, free the longest first: a snapshot. */
    synchronized List<Ipv4Address> oldestFirst() {
        return byAge.stream().map(Entry::address).toList();
    }

    synchronized long size() {
        return byAddress.size();
    }
}

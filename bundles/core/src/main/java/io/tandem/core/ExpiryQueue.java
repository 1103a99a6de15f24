package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When leases end: ACTIVE leases expire, ABANDONED (declined) leases return to the pool. One deadline per address,
 * the latest set, so a server whose clients renew all day holds no more deadlines than addresses. Whoever takes a
 * deadline re-reads the stored lease before changing anything.
 */
final class ExpiryQueue {

    /**
     * Deadlines of one second are kept in the order they were set: adding one then walks the tree's hot right edge
     * whatever the address, where an address order would send a policy that spreads clients over the pool to a
     * different (cold) part of the tree for every lease.
     */
    private record Deadline(long second, long sequence, Ipv4Address address) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            int bySecond = Long.compare(second, other.second);
            return bySecond != 0 ? bySecond : Long.compare(sequence, other.sequence);
        }
    }

    private final TreeSet<Deadline> bySecond = new TreeSet<>();
    private final Map<Ipv4Address, Deadline> byAddress = new HashMap<>();
    private long deadlinesSet;

    /** Sets the deadline of {@code address} to {@code end}, replacing an earlier one. */
    synchronized void add(Instant end, Ipv4Address address) {
        Deadline deadline = new Deadline(end.getEpochSecond(), deadlinesSet++, address);
        Deadline previous = byAddress.put(address, deadline);
        if (previous != null) {
            bySecond.remove(previous);
        }
        bySecond.add(deadline);
    }

    /** Removes and returns the addresses whose deadline is not after {@code now}. */
    synchronized List<Ipv4Address> takeDue(Instant now) {
        List<Ipv4Address> due = new ArrayList<>();
        long second = now.getEpochSecond();
        while (!bySecond.isEmpty() && bySecond.first().second <= second) {
            Deadline taken = bySecond.pollFirst();
            byAddress.remove(taken.address);
            due.add(taken.address);
        }
        return due;
    }

    /** How many addresses have a deadline. */
    synchronized int size() {
        return byAddress.size();
    }
}

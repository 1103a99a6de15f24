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

    private record Deadline(long second, Ipv4Address address) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            int bySecond = Long.compare(second, other.second);
            return bySecond != 0 ? bySecond : address.compareTo(other.address);
        }
    }

    private final TreeSet<Deadline> bySecond = new TreeSet<>();
    private final Map<Ipv4Address, Deadline> byAddress = new HashMap<>();

    /** Sets the deadline of {@code address} to {@code end}, replacing an earlier one. */
    synchronized void add(Instant end, Ipv4Address address) {
        Deadline deadline = new Deadline(end.getEpochSecond(), address);
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

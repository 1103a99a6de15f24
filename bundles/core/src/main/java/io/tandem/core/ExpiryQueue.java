package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * When leases end: ACTIVE leases expire, ABANDONED (declined) leases return to the pool. Entries may be stale or
 * repeated; whoever takes one re-reads the stored lease before changing anything.
 */
final class ExpiryQueue {

    private record Deadline(long second, Ipv4Address address) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(second, other.second);
        }
    }

    private final PriorityBlockingQueue<Deadline> deadlines = new PriorityBlockingQueue<>();

    void add(Instant end, Ipv4Address address) {
        deadlines.add(new Deadline(end.getEpochSecond(), address));
    }

    /** Removes and returns the addresses whose deadline is not after {@code now}. */
    List<Ipv4Address> takeDue(Instant now) {
        List<Ipv4Address> due = new ArrayList<>();
        long second = now.getEpochSecond();
        for (Deadline head = deadlines.peek(); head != null && head.second <= second; head = deadlines.peek()) {
            Deadline taken = deadlines.poll();
            if (taken != null) {
                due.add(taken.address);
            }
        }
        return due;
    }
}

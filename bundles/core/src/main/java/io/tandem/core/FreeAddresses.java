package io.tandem.core;

import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The free addresses of one subnet's pools, ordered by how long they have been free: never-used addresses first,
 * lowest first, then the others by the second they became free, in the order they were added among equals. Kept
 * in memory; rebuilt from the store when the subnet is configured, updated as leases change. Thread-safe: every
 * method is short and synchronized.
 *
 * <p>Which addresses are free is a bit per address of the pools' span, so that a policy's random point lookups and
 * searches by address order cost a bit test each, and a never-used address costs nothing more. Only an address that
 * was used before carries the time it became free, in a time-ordered set. An address taken from the middle of that
 * set (a policy choosing by address) is left there, stale, instead of being searched for in a cold part of the
 * tree: walks from the oldest drop the stale entries they meet, and the set is purged when stale entries would
 * outnumber live ones, so each costs O(1) amortized.
 */
final class FreeAddresses {

    static final int SEARCH_LIMIT = 64;
    /** Stale entries tolerated beyond the live ones before a purge, so that a small index is not purged constantly. */
    private static final int PURGE_SLACK = 1024;

    /**
     * A free address that was used before, by offset in the span. Among addresses freed in the same second, the
     * one added first comes first: adding one then walks the hot right edge of the time-ordered tree whatever the
     * address, as most are added at the current second.
     */
    private record Used(long freeSinceSecond, long sequence, int offset) implements Comparable<Used> {
        @Override
        public int compareTo(Used other) {
            int byTime = Long.compare(freeSinceSecond, other.freeSinceSecond);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final long first;
    private final int span;
    private final BitSet free;
    /** Free addresses free since the epoch (or before): never used, the longest free of all. */
    private final BitSet neverUsed;
    /** No never-used address has a lower offset. */
    private int neverUsedFloor;
    /** The live entry of each free used address; an entry of {@link #usedByAge} not here is stale. */
    private final Map<Integer, Used> usedByOffset = new HashMap<>();
    private final TreeSet<Used> usedByAge = new TreeSet<>();
    private int staleInUsedByAge;
    private long size;
    private long usedAdded;

    /** An empty index able to hold any address of {@code pools}. */
    FreeAddresses(List<PoolRange> pools) {
        first = pools.stream().mapToLong(pool -> pool.first().toUnsigned()).min().orElse(0);
        long last = pools.stream().mapToLong(pool -> pool.last().toUnsigned()).max().orElse(-1);
        if (last - first + 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pools spanning more than 2^31 addresses: " + pools);
        }
        span = (int) (last - first + 1);
        free = new BitSet(span);
        neverUsed = new BitSet(span);
    }

    /** Marks {@code address}, one of the pools', free since {@code since}; replaces an earlier entry. */
    synchronized void add(Ipv4Address address, Instant since) {
        int offset = offsetOf(address);
        if (offset < 0) {
            throw new IllegalArgumentException(address + " is outside the pools' span");
        }
        remove(address);
        free.set(offset);
        size++;
        if (since.getEpochSecond() <= 0) {
            neverUsed.set(offset);
            neverUsedFloor = Math.min(neverUsedFloor, offset);
        } else {
            Used used = new Used(since.getEpochSecond(), usedAdded++, offset);
            usedByOffset.put(offset, used);
            usedByAge.add(used);
        }
    }

    /** Removes {@code address}; returns when it had been free since, if it was free. */
    synchronized Optional<Instant> remove(Ipv4Address address) {
        int offset = offsetOf(address);
        if (offset < 0 || !free.get(offset)) {
            return Optional.empty();
        }
        free.clear(offset);
        size--;
        if (neverUsed.get(offset)) {
            neverUsed.clear(offset);
            return Optional.of(Instant.EPOCH);
        }
        Used used = usedByOffset.remove(offset);
        if (++staleInUsedByAge > usedByOffset.size() + PURGE_SLACK) {
            usedByAge.removeIf(this::isStale);
            staleInUsedByAge = 0;
        }
        return Optional.of(Instant.ofEpochSecond(used.freeSinceSecond));
    }

    private boolean isStale(Used used) {
        return usedByOffset.get(used.offset) != used;
    }

    synchronized boolean contains(Ipv4Address address) {
        int offset = offsetOf(address);
        return offset >= 0 && free.get(offset);
    }

    /**
     * The address free the longest that {@code usable} accepts, looking at no more than {@value #SEARCH_LIMIT}
     * candidates so that a pool full of addresses held elsewhere cannot stall a request.
     */
    synchronized Optional<Ipv4Address> longestFree(Predicate<Ipv4Address> usable) {
        int lowestNeverUsed = neverUsed.nextSetBit(neverUsedFloor);
        neverUsedFloor = lowestNeverUsed < 0 ? span : lowestNeverUsed;
        int looked = 0;
        for (int offset = lowestNeverUsed; offset >= 0; offset = neverUsed.nextSetBit(offset + 1)) {
            if (usable.test(addressAt(offset))) {
                return Optional.of(addressAt(offset));
            }
            if (++looked == SEARCH_LIMIT) {
                return Optional.empty();
            }
        }
        for (Iterator<Used> oldest = usedByAge.iterator(); oldest.hasNext(); ) {
            Used used = oldest.next();
            if (isStale(used)) {
                oldest.remove();
                staleInUsedByAge--;
                continue;
            }
            if (usable.test(addressAt(used.offset))) {
                return Optional.of(addressAt(used.offset));
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
        int startOffset = Math.max(0, offsetOf(start));
        int looked = 0;
        for (int[] part : new int[][] {{startOffset, span}, {0, startOffset}}) {
            for (int offset = free.nextSetBit(part[0]); offset >= 0 && offset < part[1];
                    offset = free.nextSetBit(offset + 1)) {
                if (usable.test(addressAt(offset))) {
                    return Optional.of(addressAt(offset));
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
        List<Ipv4Address> addresses = new ArrayList<>((int) size);
        neverUsed.stream().forEach(offset -> addresses.add(addressAt(offset)));
        usedByAge.stream().filter(used -> !isStale(used)).forEach(used -> addresses.add(addressAt(used.offset)));
        return addresses;
    }

    synchronized long size() {
        return size;
    }

    /** The offset of {@code address} in the span, or -1 outside it. */
    private int offsetOf(Ipv4Address address) {
        long offset = address.toUnsigned() - first;
        return offset < 0 || offset >= span ? -1 : (int) offset;
    }

    private Ipv4Address addressAt(int offset) {
        return new Ipv4Address((int) (first + offset));
    }
}

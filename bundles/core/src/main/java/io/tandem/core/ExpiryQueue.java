package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When leases end: ACTIVE leases expire, ABANDONED (declined) leases return to the pool. One deadline per address,
 * the latest set, so a server whose clients renew all day holds no more deadlines than addresses. Whoever takes a
 * deadline re-reads the stored lease before changing anything.
 *
 * <p>Held in about 14 bytes per address, where an object per deadline in a search tree and a map cost about 130: a
 * million leases is a normal deployment. The deadline of each address is a slot in an array per 256 addresses (the
 * addresses of a pool are dense); the addresses due in each second are an array, so adding one appends to one of
 * the newest seconds' arrays whatever the address. A deadline replaced stays in its second's
 * array, stale, until that second comes (it is skipped: the address's slot names another second) or stale entries
 * outnumber live ones and the arrays are rebuilt, so each costs O(1) amortized.
 */
final class ExpiryQueue {

    private static final int BLOCK_SIZE = 256;
    private static final long NONE = Long.MIN_VALUE;
    /** Stale entries tolerated beyond the live ones before a rebuild, so that a small queue is not rebuilt often. */
    private static final int REBUILD_SLACK = 1024;

    /** A growable array of addresses (as ints). */
    private static final class Addresses {
        int[] values = new int[4];
        int size;

        void add(int address) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = address;
        }
    }

    /** The deadline second of each address with one, else {@link #NONE}, in blocks by the address's first 24 bits. */
    private final Map<Integer, long[]> deadlines = new HashMap<>();
    private final TreeMap<Long, Addresses> dueBySecond = new TreeMap<>();
    private int size;
    private int stale;

    /** Sets the deadline of {@code address} to {@code end}, replacing an earlier one. */
    synchronized void add(Instant end, Ipv4Address address) {
        long second = end.getEpochSecond();
        long[] block = deadlines.computeIfAbsent(address.value() >>> 8, prefix -> {
            long[] empty = new long[BLOCK_SIZE];
            Arrays.fill(empty, NONE);
            return empty;
        });
        int slot = address.value() & (BLOCK_SIZE - 1);
        long previous = block[slot];
        if (previous == second) {
            return;
        }
        block[slot] = second;
        if (previous == NONE) {
            size++;
        } else if (++stale > size + REBUILD_SLACK) {
            rebuild();
            return;
        }
        dueBySecond.computeIfAbsent(second, s -> new Addresses()).add(address.value());
    }

    /** Removes and returns the addresses whose deadline is not after {@code now}, earliest first. */
    synchronized List<Ipv4Address> takeDue(Instant now) {
        List<Ipv4Address> due = new ArrayList<>();
        long until = now.getEpochSecond();
        while (!dueBySecond.isEmpty() && dueBySecond.firstKey() <= until) {
            Map.Entry<Long, Addresses> earliest = dueBySecond.pollFirstEntry();
            Addresses addresses = earliest.getValue();
            for (int i = 0; i < addresses.size; i++) {
                int address = addresses.values[i];
                long[] block = deadlines.get(address >>> 8);
                int slot = address & (BLOCK_SIZE - 1);
                if (block[slot] == earliest.getKey()) {
                    block[slot] = NONE;
                    size--;
                    due.add(new Ipv4Address(address));
                } else {
                    stale--;
                }
            }
        }
        return due;
    }

    /** How many addresses have a deadline. */
    synchronized int size() {
        return size;
    }

    /** Drops every stale entry: the arrays of each second again hold only the addresses due then. */
    private void rebuild() {
        dueBySecond.clear();
        deadlines.forEach((prefix, block) -> {
            for (int slot = 0; slot < BLOCK_SIZE; slot++) {
                if (block[slot] != NONE) {
                    dueBySecond.computeIfAbsent(block[slot], s -> new Addresses()).add(prefix << 8 | slot);
                }
            }
        });
        stale = 0;
    }
}

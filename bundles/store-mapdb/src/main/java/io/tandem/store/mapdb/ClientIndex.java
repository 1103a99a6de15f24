package io.tandem.store.mapdb;

import java.util.Arrays;

/**
 * Which addresses hold a lease naming a client, by the client's hash: eight bytes per lease in plain arrays (about
 * 13 with the free slots), where a map from client to addresses cost about 65 bytes per lease (its entry, table slot
 * and address list) and kept every client's objects. Clients whose hashes collide share entries, so a reader must
 * check that the lease at each address names its client.
 *
 * <p>Split into segments by the hash's top bits, each an open-addressing table with linear probing and no
 * tombstones (a removal shifts the entries after it back), guarded by its own monitor: the writer and the readers
 * of different clients seldom meet.
 */
final class ClientIndex {

    private static final int SEGMENT_BITS = 6;
    /** Address 0.0.0.0 is never leased (see {@code Lease}), so it marks an empty slot. */
    private static final int EMPTY = 0;

    private final Segment[] segments = new Segment[1 << SEGMENT_BITS];

    ClientIndex() {
        Arrays.setAll(segments, segment -> new Segment());
    }

    /** Records that the lease at {@code address} names a client hashed {@code hash}; nothing if already recorded. */
    void add(int hash, int address) {
        segmentOf(hash).add(hash, address);
    }

    /** Forgets that the lease at {@code address} names a client hashed {@code hash}. */
    void remove(int hash, int address) {
        segmentOf(hash).remove(hash, address);
    }

    /** The addresses recorded for {@code hash}, in no particular order. */
    int[] addresses(int hash) {
        return segmentOf(hash).addresses(hash);
    }

    private Segment segmentOf(int hash) {
        return segments[hash >>> (Integer.SIZE - SEGMENT_BITS)];
    }

    /** One open-addressing table: parallel arrays of hash and address, at most three quarters full. */
    private static final class Segment {
        private int[] hashes = new int[16];
        private int[] addresses = new int[16];
        private int size;

        synchronized void add(int hash, int address) {
            int slot = find(hash, address);
            if (addresses[slot] != EMPTY) {
                return;
            }
            hashes[slot] = hash;
            addresses[slot] = address;
            if (++size * 4 > addresses.length * 3) {
                grow();
            }
        }

        synchronized void remove(int hash, int address) {
            int slot = find(hash, address);
            if (addresses[slot] == EMPTY) {
                return;
            }
            addresses[slot] = EMPTY;
            size--;
            shiftBackAfter(slot);
        }

        synchronized int[] addresses(int hash) {
            int[] found = new int[1];
            int count = 0;
            for (int slot = home(hash); addresses[slot] != EMPTY; slot = next(slot)) {
                if (hashes[slot] == hash) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = addresses[slot];
                }
            }
            return count == found.length ? found : Arrays.copyOf(found, count);
        }

        /** The slot holding {@code hash} and {@code address}, or the empty slot ending its probe run. */
        private int find(int hash, int address) {
            int slot = home(hash);
            while (addresses[slot] != EMPTY && (hashes[slot] != hash || addresses[slot] != address)) {
                slot = next(slot);
            }
            return slot;
        }

        /**
         * Moves back into the emptied {@code hole} every later entry of the run whose probe would otherwise no longer
         * reach it (its home slot lies cyclically outside (hole, slot]).
         */
        private void shiftBackAfter(int hole) {
            for (int slot = next(hole); addresses[slot] != EMPTY; slot = next(slot)) {
                int home = home(hashes[slot]);
                boolean reachableWithoutHole = hole < slot ? home > hole && home <= slot : home > hole || home <= slot;
                if (!reachableWithoutHole) {
                    hashes[hole] = hashes[slot];
                    addresses[hole] = addresses[slot];
                    addresses[slot] = EMPTY;
                    hole = slot;
                }
            }
        }

        private void grow() {
            int[] oldHashes = hashes;
            int[] oldAddresses = addresses;
            hashes = new int[oldHashes.length * 2];
            addresses = new int[oldAddresses.length * 2];
            for (int slot = 0; slot < oldAddresses.length; slot++) {
                if (oldAddresses[slot] != EMPTY) {
                    int free = find(oldHashes[slot], oldAddresses[slot]);
                    hashes[free] = oldHashes[slot];
                    addresses[free] = oldAddresses[slot];
                }
            }
        }

        private int home(int hash) {
            // The segment took the top bits; the low ones spread within it.
            return hash & (addresses.length - 1);
        }

        private int next(int slot) {
            return (slot + 1) & (addresses.length - 1);
        }
    }
}

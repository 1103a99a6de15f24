package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Leases that are durable in the journal but not yet checkpointed into the MapDB files: the newest lease of each
 * such address, and for each client the addresses whose pending lease names it. Reads consult this first.
 *
 * <p>Only the writer (before it starts, the replay at open) adds and only the checkpointer removes, both under
 * this object's lock, so the client map always matches the leases. A lease is removed only once it is in the
 * checkpoint file readers use, and only if no newer lease of its address arrived meanwhile: every acknowledged
 * lease is always here or in that file.
 *
 * <p>Backpressure: once {@code limit} addresses are pending, {@link #awaitRoom} holds the writer, and with it
 * every caller's commit, until a checkpoint makes room. The group that finds room may exceed the limit by its own
 * size, and the replay at open is not held.
 */
final class PendingLeases {

    /** What a checkpoint writes: the pending leases in address order, and the last journal record they include. */
    record Snapshot(long sequence, List<Lease> leases) {
    }

    /** How often a held writer looks whether the store failed, in which case no checkpoint will make room. */
    private static final long ROOM_RECHECK_MILLIS = 100;

    private final int limit;
    /** Read without the lock; written under it. */
    private final ConcurrentSkipListMap<Ipv4Address, Lease> byAddress = new ConcurrentSkipListMap<>();
    private final Map<ClientId, Set<Ipv4Address>> byClient = new HashMap<>();
    /** byAddress.size(), which the skip list can only count by walking it. */
    private int count;
    private long appliedThrough;

    PendingLeases(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is " + limit + ", must be at least 1");
        }
        this.limit = limit;
    }

    /** Adds the leases of journal record {@code sequence}, each replacing the pending lease of its address. */
    synchronized void apply(long sequence, List<Lease> leases) {
        for (Lease lease : leases) {
            Lease previous = byAddress.put(lease.address(), lease);
            if (previous == null) {
                count++;
            } else {
                unindex(previous);
            }
            if (lease.client() != null) {
                byClient.computeIfAbsent(lease.client(), client -> new HashSet<>()).add(lease.address());
            }
        }
        appliedThrough = sequence;
    }

    Optional<Lease> get(Ipv4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** The addresses whose pending lease names {@code client}. */
    synchronized Set<Ipv4Address> addressesOf(ClientId client) {
        return Set.copyOf(byClient.getOrDefault(client, Set.of()));
    }

    /** A copy of the pending leases from {@code first} to {@code last} inclusive. */
    NavigableMap<Ipv4Address, Lease> range(Ipv4Address first, Ipv4Address last) {
        // Entry by entry: TreeMap's copy constructor trusts size(), which a concurrent removal changes.
        NavigableMap<Ipv4Address, Lease> copy = new TreeMap<>();
        byAddress.subMap(first, true, last, true).forEach(copy::put);
        return copy;
    }

    synchronized int size() {
        return count;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(appliedThrough, List.copyOf(byAddress.values()));
    }

    /** Removes the leases of a checkpoint that are still the pending lease of their address. */
    synchronized void removeCheckpointed(List<Lease> checkpointed) {
        for (Lease lease : checkpointed) {
            // Identity, not equality: an equal lease committed again later belongs to a record after the checkpoint.
            if (byAddress.get(lease.address()) == lease) {
                byAddress.remove(lease.address());
                count--;
                unindex(lease);
            }
        }
        notifyAll();
    }

    /**
     * Waits while {@code limit} or more addresses are pending, calling {@code requestCheckpoint} first. Gives up
     * when {@code health} reports a failure, since no checkpoint will make room then.
     */
    synchronized void awaitRoom(StoreHealth health, Runnable requestCheckpoint) {
        boolean interrupted = false;
        if (count >= limit) {
            requestCheckpoint.run();
        }
        while (count >= limit && !health.failed()) {
            try {
                wait(ROOM_RECHECK_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            // The writer does not stop on interrupts; keep the flag for the I/O it does next.
            Thread.currentThread().interrupt();
        }
        health.check();
    }

    private void unindex(Lease lease) {
        ClientId client = lease.client();
        if (client == null) {
            return;
        }
        Set<Ipv4Address> addresses = byClient.get(client);
        addresses.remove(lease.address());
        if (addresses.isEmpty()) {
            byClient.remove(client);
        }
    }
}

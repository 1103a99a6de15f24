package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * Leases that are durable in the journal but not yet checkpointed into the MapDB files: the newest lease of each
 * such address. The checkpointer takes them from here; readers never do ({@link LeaseView} holds every lease).
 *
 * <p>Only the writer (before it starts, the replay at open) adds and only the checkpointer removes, both under
 * this object's lock. A lease is removed only once it is in the checkpoint file readers use, and only if no newer
 * lease of its address arrived meanwhile: every acknowledged lease is always here or in that file.
 *
 * <p>Backpressure: once {@code limit} addresses are pending, {@link #awaitRoom} holds the writer, and with it
 * every caller's commit, until a checkpoint makes room; while checkpoints fail, a group that finds no room fails
 * at once. The group that finds room may exceed the limit by its own size, and the replay at open is not held.
 */
final class PendingLeases {

    /** What a checkpoint writes: the pending leases in address order, and the last journal record they include. */
    record Snapshot(long sequence, List<Lease> leases) {
    }

    /** How often a held writer looks whether the store failed, in which case no checkpoint will make room. */
    private static final long ROOM_RECHECK_MILLIS = 100;

    private final int limit;
    private final Map<Ipv4Address, Lease> byAddress = new HashMap<>();
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
            byAddress.put(lease.address(), lease);
        }
        appliedThrough = sequence;
    }

    synchronized int size() {
        return byAddress.size();
    }

    Snapshot snapshot() {
        List<Lease> leases;
        long sequence;
        synchronized (this) {
            leases = new ArrayList<>(byAddress.values());
            sequence = appliedThrough;
        }
        // In address order, so the checkpoint walks the B-tree leaf after leaf; sorted without holding the writer.
        leases.sort(Comparator.comparing(Lease::address));
        return new Snapshot(sequence, leases);
    }

    /** Removes the leases of a checkpoint that are still the pending lease of their address. */
    synchronized void removeCheckpointed(List<Lease> checkpointed) {
        for (Lease lease : checkpointed) {
            // Identity, not equality: an equal lease committed again later belongs to a record after the checkpoint.
            byAddress.computeIfPresent(lease.address(), (address, current) -> current == lease ? null : current);
        }
        notifyAll();
    }

    /** Whether a group may be written now without {@link #awaitRoom} holding it. */
    synchronized boolean hasRoom() {
        return byAddress.size() < limit;
    }

    /**
     * Waits while {@code limit} or more addresses are pending, calling {@code requestCheckpoint} first. Gives up
     * when {@code health} reports the store broken or checkpoints failing, since no checkpoint makes room then.
     *
     * @throws LeaseStoreException if the store is broken, or no room is left while checkpoints fail
     */
    synchronized void awaitRoom(StoreHealth health, Runnable requestCheckpoint) {
        boolean interrupted = false;
        if (byAddress.size() >= limit) {
            requestCheckpoint.run();
        }
        while (byAddress.size() >= limit && !health.failed() && health.checkpointProblem() == null) {
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
        String checkpointProblem = health.checkpointProblem();
        if (byAddress.size() >= limit && checkpointProblem != null) {
            throw new LeaseStoreException("lease store holds " + byAddress.size() + " leases waiting for a"
                    + " checkpoint, the most it may, and checkpoints fail: " + checkpointProblem);
        }
    }
}

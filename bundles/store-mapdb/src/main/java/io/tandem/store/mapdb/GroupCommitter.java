package io.tandem.store.mapdb;

import io.tandem.api.Burst;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes caller batches durable in groups: one writer thread takes every batch queued while the previous group
 * was being written, and under load (batches waiting behind the writer) those arriving within a gather window,
 * appends them as one journal record, syncs once, makes the leases visible to readers and completes the callers'
 * futures. The sync is thus shared by every caller waiting for it. While too many leases wait for a checkpoint the
 * writer waits too (see {@link PendingLeases#awaitRoom}).
 *
 * <p>A thread with a {@link Burst} open keeps its batches until it closes the burst, and then writes them as a
 * group itself if the writer is idle (nothing queued, no group being written, no checkpoint awaited): on a socket's event
 * loop that saves the writer's wake-up per group, and groups what one read brought. Otherwise they go to the writer.
 */
final class GroupCommitter {

    /** Groups, caller batches and leases made durable since the store opened. */
    record Counts(long groups, long batches, long leases) {
    }

    /** A caller's batch and the future that reports it durable. */
    private record Pending(List<Lease> leases, CompletableFuture<Void> done, long queuedNanos) {
    }

    /** Queued by {@link #close}: everything queued before it is committed, then the writer stops. */
    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>(), 0);

    private final LeaseJournal journal;
    private final LeaseView view;
    private final PendingLeases pendingLeases;
    private final Checkpointer checkpointer;
    private final StoreHealth health;
    private final DiskReserve reserve;
    private final Path file;
    private final int maxGroupLeases;
    /** How long the writer, under load, waits for more batches after the first of a group was queued. */
    private final long gatherNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Submitters hold the read side, close the write side: no batch can be queued behind {@link #STOP}. */
    private final ReadWriteLock admission = new ReentrantReadWriteLock();
    private final Thread writer;
    /** Held by whoever writes a group: the writer, or a thread closing its burst while the writer is idle. */
    private final ReentrantLock writing = new ReentrantLock();
    /** The batches of the calling thread's open burst, in the order submitted; none while no burst is open. */
    private final ThreadLocal<List<Pending>> bursts = new ThreadLocal<>();
    /** A batch taken from the queue that did not fit its group; only the writer touches it. */
    private Pending carried;
    /** When a group was last reported done: a batch queued before then waited behind it. */
    private volatile long lastReported = Long.MIN_VALUE / 2;
    private boolean closed;
    private volatile Counts counts = new Counts(0, 0, 0);

    GroupCommitter(LeaseJournal journal, LeaseView view, PendingLeases pendingLeases, Checkpointer checkpointer,
            StoreHealth health, DiskReserve reserve, Path file, int maxGroupLeases, Duration gather) {
        if (maxGroupLeases < 1 || maxGroupLeases > MapDbLeaseStore.MAX_LEASES_PER_COMMIT) {
            throw new IllegalArgumentException("maxGroupLeases is " + maxGroupLeases + ", must be within 1.."
                    + MapDbLeaseStore.MAX_LEASES_PER_COMMIT);
        }
        this.journal = journal;
        this.view = view;
        this.pendingLeases = pendingLeases;
        this.checkpointer = checkpointer;
        this.health = health;
        this.reserve = reserve;
        this.file = file;
        this.maxGroupLeases = maxGroupLeases;
        this.gatherNanos = gather.toNanos();
        this.writer = new Thread(this::run, "tandem-lease-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code leases} (already validated) for the next group; the stage completes once they are durable. */
    CompletionStage<Void> submit(List<Lease> leases) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        admission.readLock().lock();
        try {
            if (closed) {
                done.completeExceptionally(new LeaseStoreException("lease store " + file + " is closed"));
            } else {
                health.check();
                Pending pending = new Pending(leases, done, System.nanoTime());
                List<Pending> burst = bursts.get();
                if (burst != null) {
                    burst.add(pending);
                } else {
                    queue.add(pending);
                }
            }
        } catch (LeaseStoreException failure) {
            done.completeExceptionally(failure);
        } finally {
            admission.readLock().unlock();
        }
        return done;
    }

    /** See {@link io.tandem.api.LeaseStore#openBurst}. */
    Burst openBurst() {
        if (bursts.get() != null) {
            return Burst.NONE; // part of the burst already open: that one's close writes its batches
        }
        List<Pending> burst = new ArrayList<>();
        bursts.set(burst);
        return () -> closeBurst(burst);
    }

    Counts counts() {
        return counts;
    }

    /** Commits every batch queued so far, then stops the writer. Returns false if already closed. */
    boolean close() {
        admission.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            admission.writeLock().unlock();
        }
        // Closing the journal under the writer would lose acknowledged work.
        Threads.joinUninterruptibly(writer);
        return true;
    }

    private void closeBurst(List<Pending> burst) {
        if (bursts.get() != burst) {
            return; // closed already
        }
        bursts.remove();
        if (burst.isEmpty()) {
            return;
        }
        // Under the read side, close() waits for this group to be written rather than close the journal under it.
        admission.readLock().lock();
        try {
            if (closed) {
                // close() queued STOP after these were submitted: the writer will not take them.
                LeaseStoreException failure = new LeaseStoreException("lease store " + file + " is closed");
                burst.forEach(pending -> pending.done.completeExceptionally(failure));
            } else if (queue.isEmpty() && !Thread.currentThread().isInterrupted() && writing.tryLock()) {
                try {
                    commitHere(burst);
                } finally {
                    writing.unlock();
                }
            } else {
                queue.addAll(burst);
            }
        } finally {
            admission.readLock().unlock();
        }
    }

    /**
     * Writes {@code batches} in order, in as few groups as {@link #maxGroupLeases} allows, on this thread while there
     * is room for them: what would wait for a checkpoint goes to the writer instead. Holds {@link #writing}.
     */
    private void commitHere(List<Pending> batches) {
        int next = 0;
        while (next < batches.size() && pendingLeases.hasRoom()) {
            int end = next;
            int leases = 0;
            do {
                leases += batches.get(end++).leases.size();
            } while (end < batches.size() && leases + batches.get(end).leases.size() <= maxGroupLeases);
            commit(batches.subList(next, end), leases);
            next = end;
        }
        queue.addAll(batches.subList(next, batches.size()));
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        boolean stopping = false;
        long lastQueued = Long.MIN_VALUE / 2; // long before any batch: the first one is synced at once
        while (!stopping) {
            Pending first = carried != null ? carried : takeUninterruptibly();
            carried = null;
            group.clear();
            int leases = 0;
            // Under load (this batch came less than a gather window after the one before it, and had to wait for
            // the writer to finish that one's group) more are about to arrive: waiting for them, up to a window
            // after this one was queued, makes fewer, larger syncs. A batch that finds the writer idle is synced at
            // once: a client whose exchanges follow each other (each waits for its ACK) has no company coming.
            boolean underLoad = first.queuedNanos - lastQueued < gatherNanos
                    && first.queuedNanos - lastReported < 0;
            long deadline = underLoad ? first.queuedNanos + gatherNanos : System.nanoTime();
            for (Pending next = first; next != null; next = nextFitting(leases, deadline)) {
                if (next == STOP) {
                    stopping = true;
                    break;
                }
                group.add(next);
                leases += next.leases.size();
                lastQueued = next.queuedNanos;
            }
            if (!group.isEmpty()) {
                // The writer ignores interrupts (only close() stops it): one left over from a failed append, which
                // keeps the flag for its caller, would fail this group's append too, and every one after it.
                Thread.interrupted();
                writing.lock();
                try {
                    commit(group, leases);
                } finally {
                    writing.unlock();
                }
            }
        }
    }

    /**
     * The next batch queued before {@code deadline} if it fits in the group, or null to commit what the group
     * holds now. A batch that does not fit is carried over to start the next group.
     */
    private Pending nextFitting(int groupLeases, long deadline) {
        Pending next = queue.poll();
        long wait = deadline - System.nanoTime();
        if (next == null && wait > 0) {
            try {
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Only close() ends the writer; commit what the group holds.
            }
        }
        if (next != null && next != STOP && groupLeases + next.leases.size() > maxGroupLeases) {
            carried = next;
            return null;
        }
        return next;
    }

    private void commit(List<Pending> group, int leaseCount) {
        List<Lease> leases = new ArrayList<>(leaseCount);
        group.forEach(pending -> leases.addAll(pending.leases));
        try {
            pendingLeases.awaitRoom(health, checkpointer::requestCheckpoint);
        } catch (LeaseStoreException noRoom) {
            if (!health.failed()) {
                health.commitFailed(noRoom);
            }
            report(group, noRoom);
            return;
        }
        LeaseStoreException failure = publish(leases, group.size());
        if (failure != null && journal.usable() && reserve.release("a journal append failed, perhaps on a full disk: "
                + failure.getMessage())) {
            failure = publish(leases, group.size());
        }
        if (failure != null) {
            if (journal.usable()) {
                // The failed record was cut off: the next group may succeed (a full disk with room again).
                health.commitFailed(failure);
            } else {
                // The journal's state after this failure is unknown: later groups must not be appended after it.
                health.fail(failure);
            }
            report(group, failure);
            return;
        }
        health.committed();
        Counts before = counts;
        counts = new Counts(before.groups() + 1, before.batches() + group.size(), before.leases() + leaseCount);
        report(group, null);
    }

    /** Appends {@code leases} as one record and makes them visible; returns the failure, or null. */
    private LeaseStoreException publish(List<Lease> leases, int batches) {
        try {
            view.publish(leases, journal::append);
            return null;
        } catch (RuntimeException | Error e) {
            return e instanceof LeaseStoreException known ? known
                    : new LeaseStoreException("lease store " + file + " could not commit " + leases.size()
                            + " leases of " + batches + " batches: " + e, e);
        }
    }

    /**
     * Completes the group's futures on the thread that wrote it (the writer, or a burst's), as
     * {@link io.tandem.api.LeaseStore#commit} documents: a hand-off to another thread here would cost every exchange a
     * wake-up. Core continues here (its bookkeeping and the reply), which is short and never blocks.
     */
    private void report(List<Pending> group, LeaseStoreException failure) {
        lastReported = System.nanoTime();
        for (Pending pending : group) {
            if (failure == null) {
                pending.done.complete(null);
            } else {
                pending.done.completeExceptionally(failure);
            }
        }
    }

    private Pending takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() ends the writer: stopping here would strand queued callers.
            }
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves pending leases into the checkpoint files off the commit path: every {@code interval} (at once if the
 * previous checkpoint took longer, or if the writer {@linkplain #requestCheckpoint asks} because too many leases
 * are pending) it writes everything pending to both files, drops it from the pending leases, and lets the journal
 * discard the records both files now hold. {@link #close} runs a last checkpoint.
 *
 * <p>A failed checkpoint leaves a file in an unknown state: the store is marked failed and checkpoints stop, while
 * the journal keeps every acknowledged lease for the next open.
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Path file;
    private final CheckpointFiles files;
    private final PendingLeases pending;
    private final LeaseJournal journal;
    private final StoreHealth health;
    private final Duration interval;
    private final Lock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean stopping;
    /** Guarded by {@link #lock}. */
    private boolean requested;
    private final Thread thread;
    private volatile long checkpoints;

    Checkpointer(Path file, CheckpointFiles files, PendingLeases pending, LeaseJournal journal, StoreHealth health,
            Duration interval) {
        this.file = file;
        this.files = files;
        this.pending = pending;
        this.journal = journal;
        this.health = health;
        this.interval = interval;
        this.thread = new Thread(this::run, "tandem-lease-store-checkpointer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Checkpoints completed since the store opened. */
    long checkpoints() {
        return checkpoints;
    }

    /** Starts the next checkpoint now instead of at the end of the interval. */
    void requestCheckpoint() {
        signal(() -> requested = true);
    }

    /** Checkpoints everything pending, then stops. */
    void close() {
        signal(() -> stopping = true);
        // Closing the files under a running checkpoint would leave one half-written.
        Threads.joinUninterruptibly(thread);
    }

    private void run() {
        long due = System.nanoTime() + interval.toNanos();
        boolean last = false;
        while (!last) {
            last = awaitWakeUp(due);
            // Counted from the start of this checkpoint: a slow one is followed at once by the next.
            due = System.nanoTime() + interval.toNanos();
            if (pending.size() > 0) {
                try {
                    checkpoint();
                } catch (RuntimeException | Error e) {
                    LOG.error("lease store checkpoint failed file=" + file
                            + " error=" + e);
                    health.fail(e instanceof LeaseStoreException failure ? failure : new LeaseStoreException(
                            "lease store " + file + " checkpoint failed (" + e + "); restart to recover it", e));
                    return;
                }
            }
        }
    }

    private void checkpoint() {
        long start = System.nanoTime();
        PendingLeases.Snapshot snapshot = pending.snapshot();
        files.checkpoint(snapshot.leases(), snapshot.sequence());
        pending.removeCheckpointed(snapshot.leases());
        journal.discardThrough(snapshot.sequence());
        checkpoints++;
        LOG.debug("lease store checkpoint file=" + file + " leases="
                + snapshot.leases().size() + " sequence=" + snapshot.sequence() + " millis="
                + (System.nanoTime() - start) / 1_000_000);
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code due} ({@link System#nanoTime}) or a request; true once {@link #close} was called. */
    private boolean awaitWakeUp(long due) {
        lock.lock();
        try {
            for (long left = due - System.nanoTime(); !stopping && !requested && left > 0;
                    left = due - System.nanoTime()) {
                try {
                    wakeUp.awaitNanos(left);
                } catch (InterruptedException e) {
                    // Only close() ends the checkpointer: stopping here would leave the journal to grow.
                }
            }
            requested = false;
            return stopping;
        } finally {
            lock.unlock();
        }
    }
}

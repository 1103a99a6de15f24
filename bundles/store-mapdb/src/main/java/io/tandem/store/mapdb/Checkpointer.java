package io.tandem.store.mapdb;

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
 * <p>A failed checkpoint (a full disk, say) does not stop commits: the journal keeps every acknowledged lease. The
 * checkpointer retries with a growing pause, first restoring the file the failure left marked from the other one.
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofMinutes(1);

    private final Path file;
    private final CheckpointFiles files;
    private final PendingLeases pending;
    private final LeaseJournal journal;
    private final StoreHealth health;
    private final DiskReserve reserve;
    /** Between checkpoints; also the pause before the first retry of a failed one, which doubles on each failure. */
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
            DiskReserve reserve, Duration interval) {
        this.file = file;
        this.files = files;
        this.pending = pending;
        this.journal = journal;
        this.health = health;
        this.reserve = reserve;
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
        // A restore that failed at open (a full disk) is retried like a failed checkpoint.
        Duration retryPause = files.awaitingRestore() ? interval : null;
        boolean last = false;
        while (!last) {
            // While retrying, the writer's requests do not cut the pause short: they would retry at commit rate.
            last = awaitWakeUp(due, retryPause == null);
            // Counted from the start of this checkpoint: a slow one is followed at once by the next.
            due = System.nanoTime() + interval.toNanos();
            if (pending.size() > 0 || retryPause != null) {
                try {
                    files.restoreInterrupted();
                    checkpoint();
                    health.checkpointed();
                    // The journal now holds less: room, perhaps, for the reserve a full disk made it give up.
                    reserve.ensure();
                    retryPause = null;
                } catch (RuntimeException | Error e) {
                    health.checkpointFailed(e);
                    retryPause = retryPause == null ? interval : shorter(retryPause.multipliedBy(2), MAX_RETRY_PAUSE);
                    due = System.nanoTime() + retryPause.toNanos();
                }
            }
        }
    }

    private static Duration shorter(Duration pause, Duration limit) {
        return pause.compareTo(limit) > 0 ? limit : pause;
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

    /**
     * Waits until {@code due} ({@link System#nanoTime}), or a request if {@code onRequest}; true once {@link #close}
     * was called.
     */
    private boolean awaitWakeUp(long due, boolean onRequest) {
        lock.lock();
        try {
            for (long left = due - System.nanoTime(); !stopping && !(onRequest && requested) && left > 0;
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

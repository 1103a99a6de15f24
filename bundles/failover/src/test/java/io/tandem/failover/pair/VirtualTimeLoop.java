package io.tandem.failover.pair;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The failover endpoint's loop, one thread as in production, whose timers run on the simulated clock instead of
 * real time: the endpoint arms STARTUP, RECOVER-WAIT and auto-partner-down timers from its clock, and a test that
 * jumps that clock past MCLT must see them fire then (and not an hour of real time later). {@link #fireDue} runs
 * every timer the clock has reached; the test calls it after moving the clock. A shut-down loop drops what it is
 * handed, as a dead process would.
 */
final class VirtualTimeLoop extends AbstractExecutorService implements ScheduledExecutorService {

    private final ExecutorService thread;
    private final Clock clock;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    VirtualTimeLoop(String name, Clock clock) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
        this.clock = clock;
    }

    /** Hands every timer due by the clock's time to the loop, earliest first. */
    void fireDue() {
        for (Timer due : takeDue()) {
            if (!due.isCancelled()) {
                execute(due.task);
            }
        }
    }

    /** When the earliest pending timer is due, if any. */
    synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(timers.peek()).map(timer -> timer.due);
    }

    private synchronized List<Timer> takeDue() {
        List<Timer> due = new ArrayList<>();
        Instant now = clock.instant();
        while (!timers.isEmpty() && !timers.peek().due.isAfter(now)) {
            due.add(timers.poll());
        }
        return due;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Timer timer = new Timer(clock.instant().plusNanos(unit.toNanos(delay)), command);
        timers.add(timer);
        return timer;
    }

    /** Runs {@code command} on the loop; once the loop is shut down (the server died) nothing runs any more. */
    @Override
    public void execute(Runnable command) {
        if (!thread.isShutdown()) {
            try {
                thread.execute(command);
            } catch (RejectedExecutionException shutDownMeanwhile) {
                // As above: a dead server's link and store may still report events, and nobody hears them.
            }
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the endpoint schedules runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the endpoint schedules one-shot timers only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                     TimeUnit unit) {
        throw new UnsupportedOperationException("the endpoint schedules one-shot timers only");
    }

    @Override
    public void shutdown() {
        thread.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return thread.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return thread.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.awaitTermination(timeout, unit);
    }

    /** A one-shot timer on the simulated clock; only cancelling it is supported. */
    private final class Timer implements ScheduledFuture<Void> {
        private final Instant due;
        private final Runnable task;
        private volatile boolean cancelled;

        Timer(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return due.compareTo(((Timer) other).due);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException("a simulated timer has no result");
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a simulated timer has no result");
        }
    }
}

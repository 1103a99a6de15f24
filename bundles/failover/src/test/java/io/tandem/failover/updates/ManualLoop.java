package io.tandem.failover.updates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An endpoint's loop and clock under the test's hand: tasks run only when the test calls {@link #runReady} or
 * {@link #advance}, on the test's thread, in the order they fall due, and the clock moves only with
 * {@link #advance}. Hours of failover timers pass in no time and always in the same order.
 */
final class ManualLoop extends AbstractExecutorService implements ScheduledExecutorService {

    private final class Task<T> extends FutureTask<T> implements ScheduledFuture<T> {
        private final Instant due;
        private final long sequence;

        Task(Callable<T> work, Instant due) {
            super(work);
            this.due = due;
            this.sequence = scheduled++;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(now, due));
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> task = (Task<?>) other;
            int byDue = due.compareTo(task.due);
            return byDue != 0 ? byDue : Long.compare(sequence, task.sequence);
        }
    }

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private volatile Instant now;
    private long scheduled;
    private boolean shutdown;

    ManualLoop(Instant start) {
        this.now = start;
    }

    /** A clock that reads this loop's time. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("tests read UTC instants only");
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    Instant now() {
        return now;
    }

    /** Runs every task due now, including those they queue for now; a task's failure fails the test. */
    void runReady() {
        for (Task<?> task = nextDueBy(now); task != null; task = nextDueBy(now)) {
            task.run();
            rethrowFailure(task);
        }
    }

    /** Moves the clock forward by {@code duration}, running each task at its due time on the way. */
    void advance(Duration duration) {
        Instant target = now.plus(duration);
        runReady();
        for (Task<?> task = nextDueBy(target); task != null; task = nextDueBy(target)) {
            now = task.due;
            task.run();
            rethrowFailure(task);
            runReady();
        }
        now = target;
        runReady();
    }

    /** Takes the first task due by {@code time}; null if none. A store may complete commits on its own thread. */
    private synchronized Task<?> nextDueBy(Instant time) {
        return queue.isEmpty() || queue.peek().due.isAfter(time) ? null : queue.poll();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Task<V> task = new Task<>(callable, now.plus(Duration.of(Math.max(0, delay), unit.toChronoUnit())));
        queue.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the endpoint schedules one-shot tasks only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                     TimeUnit unit) {
        throw new UnsupportedOperationException("the endpoint schedules one-shot tasks only");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.clear();
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private static void rethrowFailure(Task<?> task) {
        if (task.isCancelled()) {
            return;
        }
        try {
            task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a task on the endpoint's loop failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an allocation policy on the worker that handles the DISCOVER (a hand-off to another thread would cost more
 * than most policies) and watches every call: one that overruns its deadline is interrupted, the worker it holds is
 * replaced for as long as it is held, and the policy is passed over (its clients get core's fallback at once) until
 * every such call has returned. A late answer is not used.
 *
 * <p>A call overruns when, past its deadline, its thread waits for something (a lock, a sleep, a condition) or has
 * used the whole deadline in CPU time, or in any case at {@link #HARD_LIMIT} times the deadline. A call whose thread
 * is runnable but has used less CPU than the deadline is waiting for a CPU on a busy machine (or in blocking native
 * I/O, which the hard limit catches): that is not the policy's fault, and replacing its worker would only add a
 * thread to a starved machine.
 */
final class PolicyCaller implements AutoCloseable {

    /** What the policy answered, or why it did not. */
    sealed interface Answer {
        record Proposed(Proposal proposal) implements Answer {
        }

        /** {@code reason} is {@code policy-threw}, {@code policy-deadline-missed} or {@code policy-hung}. */
        record Failed(String reason, String detail) implements Answer {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCaller.class);
    /**
     * {@link #nextLook} when no look is scheduled. Times are compared directly, not by their difference: on Linux
     * {@link System#nanoTime} counts from the boot and cannot wrap.
     */
    private static final long NO_LOOK = Long.MAX_VALUE;
    static final Duration WATCH_EVERY = Duration.ofMillis(5);
    /** How many deadlines a call may last, whatever its thread does, before it overruns. */
    static final int HARD_LIMIT = 10;

    /** The CPU time a thread has used, in nanoseconds; negative where the JVM cannot tell. */
    interface CpuClock {
        long cpuNanos(Thread thread);

        /** The JVM's own account, by thread id. */
        static CpuClock threads() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            if (!threads.isThreadCpuTimeSupported()) {
                return thread -> -1;
            }
            return thread -> thread == Thread.currentThread() ? threads.getCurrentThreadCpuTime()
                    : threads.getThreadCpuTime(thread.getId());
        }
    }

    /** One call in progress. Its monitor orders the watchdog's interrupt before the caller's clearing of it. */
    private static final class Call {
        final Thread thread = Thread.currentThread();
        final AllocationPolicy policy;
        final long budgetNanos;
        final long deadlineNanos;
        final long cpuAtStartNanos;
        boolean returned;
        boolean overran;

        Call(AllocationPolicy policy, Duration deadline, long cpuAtStartNanos) {
            this.policy = policy;
            this.budgetNanos = deadline.toNanos();
            this.deadlineNanos = System.nanoTime() + budgetNanos;
            this.cpuAtStartNanos = cpuAtStartNanos;
        }
    }

    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    /** Policies with a call past its deadline still running, and how many such calls. */
    private final Map<AllocationPolicy, Integer> overrunning = new ConcurrentHashMap<>();
    private final IntConsumer compensateWorkers;
    private final CpuClock cpuClock;
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(Threads.named("tandem-policy-watchdog"));
    /**
     * When the next look at the calls in flight is scheduled ({@link System#nanoTime}), {@link #NO_LOOK} if none. A
     * call cannot overrun before its deadline, so the first look at it waits for that; only calls past their
     * deadline are looked at every {@link #WATCH_EVERY}. A stream of short calls thus wakes the watchdog about once
     * per deadline, not once per call, and a server without requests not at all.
     */
    private final AtomicLong nextLook = new AtomicLong(NO_LOOK);
    private final AtomicLong looks = new AtomicLong();

    /**
     * @param compensateWorkers adds (positive) or removes (negative) workers to make up for those held by calls
     *                          past their deadline
     */
    PolicyCaller(IntConsumer compensateWorkers) {
        this(compensateWorkers, CpuClock.threads());
    }

    PolicyCaller(IntConsumer compensateWorkers, CpuClock cpuClock) {
        this.compensateWorkers = compensateWorkers;
        this.cpuClock = cpuClock;
    }

    Answer call(AllocationPolicy policy, AllocationRequest request, Duration deadline) {
        if (overrunning.containsKey(policy)) {
            return new Answer.Failed("policy-hung", "an earlier call is still running past its deadline");
        }
        Call call = new Call(policy, deadline, cpuClock.cpuNanos(Thread.currentThread()));
        inFlight.add(call);
        lookBy(call.deadlineNanos);
        Proposal proposal = null;
        Throwable thrown = null;
        try {
            proposal = policy.propose(request);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            thrown = e;
        } finally {
            inFlight.remove(call);
        }
        if (returned(call)) {
            return new Answer.Failed("policy-deadline-missed", "answered after more than " + deadline.toMillis()
                    + " ms; the worker it held was replaced meanwhile");
        }
        if (thrown != null) {
            return new Answer.Failed("policy-threw", thrown.toString());
        }
        if (proposal == null) {
            return new Answer.Failed("policy-threw", "returned null");
        }
        return new Answer.Proposed(proposal);
    }

    /** Marks the call returned; true if it had overrun, which undoes what the watchdog did for it. */
    private boolean returned(Call call) {
        synchronized (call) {
            call.returned = true;
            if (!call.overran) {
                return false;
            }
        }
        Thread.interrupted();
        compensateWorkers.accept(-1);
        overrunning.computeIfPresent(call.policy, (policy, calls) -> calls == 1 ? null : calls - 1);
        return true;
    }

    /** How many times the watchdog has looked at the calls in flight. */
    long looks() {
        return looks.get();
    }

    /**
     * Makes sure a look runs by {@code atNanos}: schedules one unless one is scheduled as early. A look that a
     * sooner one replaced still runs; it only looks once more.
     */
    private void lookBy(long atNanos) {
        for (long scheduled = nextLook.get(); atNanos < scheduled; scheduled = nextLook.get()) {
            if (nextLook.compareAndSet(scheduled, atNanos)) {
                try {
                    watchdog.schedule(() -> watch(atNanos), atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // Closed: nothing is watched any more.
                }
                return;
            }
        }
    }

    private void watch(long scheduledNanos) {
        // Cleared before the calls are read: a call that starts meanwhile either is seen below or schedules a look.
        nextLook.compareAndSet(scheduledNanos, NO_LOOK);
        looks.incrementAndGet();
        long now = System.nanoTime();
        long next = NO_LOOK;
        for (Call call : inFlight) {
            long late = now - call.deadlineNanos;
            if (late > 0) {
                String reason = overrunReason(call, late);
                if (reason != null) {
                    overran(call, reason);
                }
                next = Math.min(next, now + WATCH_EVERY.toNanos());
            } else {
                next = Math.min(next, call.deadlineNanos);
            }
        }
        if (next != NO_LOOK) {
            lookBy(next);
        }
    }

    /** Why a call past its deadline overruns, or null while its thread only waits for a CPU. */
    private String overrunReason(Call call, long lateNanos) {
        Thread.State state = call.thread.getState();
        if (state != Thread.State.RUNNABLE) {
            return "thread-" + state;
        }
        long cpu = call.cpuAtStartNanos < 0 ? -1 : cpuClock.cpuNanos(call.thread);
        if (cpu < 0) {
            return "deadline-passed,no-cpu-time-account";
        }
        if (cpu - call.cpuAtStartNanos >= call.budgetNanos) {
            return "cpu-time-used";
        }
        if (lateNanos >= (HARD_LIMIT - 1) * call.budgetNanos) {
            return "runnable-for-" + HARD_LIMIT + "-deadlines";
        }
        return null;
    }

    private void overran(Call call, String reason) {
        synchronized (call) {
            if (call.returned || call.overran) {
                return;
            }
            call.overran = true;
            overrunning.merge(call.policy, 1, Integer::sum);
            compensateWorkers.accept(1);
            call.thread.interrupt();
        }
        LOG.error("allocation policy call overran its deadline policy=" + call.policy.name() + " thread="
                + call.thread.getName() + " reason=" + reason
                + " action=interrupted,worker-replaced,policy-passed-over-until-it-returns"
                + " clients-meanwhile=core's-fallback");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}

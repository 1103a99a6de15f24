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
import java.util.concurrent.atomic.AtomicBoolean;
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
     * Whether the next look at the calls in flight is scheduled. The watchdog looks every {@link #WATCH_EVERY} only
     * while calls are in flight: a server without requests is not woken 200 times a second.
     */
    private final AtomicBoolean watching = new AtomicBoolean();
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
        watchInFlight();
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

    /** Schedules the watchdog's next look unless one is scheduled. */
    private void watchInFlight() {
        if (!watching.get() && watching.compareAndSet(false, true)) {
            lookLater();
        }
    }

    private void lookLater() {
        try {
            watchdog.schedule(this::watch, WATCH_EVERY.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // Closed: nothing is watched any more.
        }
    }

    private void watch() {
        looks.incrementAndGet();
        long now = System.nanoTime();
        for (Call call : inFlight) {
            long late = now - call.deadlineNanos;
            if (late > 0) {
                String reason = overrunReason(call, late);
                if (reason != null) {
                    overran(call, reason);
                }
            }
        }
        if (!inFlight.isEmpty()) {
            lookLater();
            return;
        }
        watching.set(false);
        // A call that began as this look ended may have found it still scheduled.
        if (!inFlight.isEmpty()) {
            watchInFlight();
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

package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.Proposal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an allocation policy on the worker that handles the DISCOVER (a hand-off to another thread would cost more
 * than most policies) and watches every call: one still running past its deadline is interrupted, the worker it
 * holds is replaced for as long as it is held, and the policy is passed over (its clients get core's fallback at
 * once) until every such call has returned. A late answer is not used.
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

    /** One call in progress. Its monitor orders the watchdog's interrupt before the caller's clearing of it. */
    private static final class Call {
        final Thread thread = Thread.currentThread();
        final AllocationPolicy policy;
        final long deadlineNanos;
        boolean returned;
        boolean overran;

        Call(AllocationPolicy policy, long deadlineNanos) {
            this.policy = policy;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    /** Policies with a call past its deadline still running, and how many such calls. */
    private final Map<AllocationPolicy, Integer> overrunning = new ConcurrentHashMap<>();
    private final IntConsumer compensateWorkers;
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(Threads.named("tandem-policy-watchdog"));

    /**
     * @param compensateWorkers adds (positive) or removes (negative) workers to make up for those held by calls
     *                          past their deadline
     */
    PolicyCaller(IntConsumer compensateWorkers) {
        this.compensateWorkers = compensateWorkers;
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_EVERY.toNanos(), WATCH_EVERY.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    Answer call(AllocationPolicy policy, AllocationRequest request, Duration deadline) {
        if (overrunning.containsKey(policy)) {
            return new Answer.Failed("policy-hung", "an earlier call is still running past its deadline");
        }
        Call call = new Call(policy, System.nanoTime() + deadline.toNanos());
        inFlight.add(call);
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

    private void watch() {
        long now = System.nanoTime();
        for (Call call : inFlight) {
            if (now - call.deadlineNanos > 0) {
                overran(call);
            }
        }
    }

    private void overran(Call call) {
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
                + call.thread.getName() + " action=interrupted,worker-replaced,policy-passed-over-until-it-returns"
                + " clients-meanwhile=core's-fallback");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}

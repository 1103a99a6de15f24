package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.Proposal;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the watchdog judges a call past its deadline. The CPU time it reads is the test's (one value for the calling
 * thread), so that a thread that is runnable yet gets no CPU, as on a starved machine, can be had at will.
 */
@Timeout(30)
class PolicyCallerTest {

    private static final Duration DEADLINE = Duration.ofMillis(40);
    private static final Ipv4Address ADDRESS = Ipv4Address.parse("10.0.0.5");

    /** The calling thread's CPU time as the watchdog sees it. */
    private final AtomicLong cpu = new AtomicLong();
    /** Workers added (positive) less those removed again, as the engine would have them. */
    private final AtomicInteger compensation = new AtomicInteger();
    private final AtomicInteger compensations = new AtomicInteger();
    private final PolicyCaller caller = new PolicyCaller(delta -> {
        compensation.addAndGet(delta);
        if (delta > 0) {
            compensations.incrementAndGet();
        }
    }, thread -> cpu.get());
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        caller.close();
    }

    /** A policy whose thread stays runnable, spinning, until released, then offers {@link #ADDRESS}. */
    private AllocationPolicy spinning() {
        return policy(() -> {
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
        });
    }

    private static AllocationPolicy policy(Runnable work) {
        return TestPolicy.answering("test", request -> {
            work.run();
            return new Proposal.Offer(ADDRESS);
        });
    }

    private CompletableFuture<PolicyCaller.Answer> callInBackground(AllocationPolicy policy) {
        return CompletableFuture.supplyAsync(() -> caller.call(policy, null, DEADLINE), runnable -> {
            Thread thread = new Thread(runnable, "test-policy-call");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private void awaitOverrun() throws InterruptedException {
        while (compensations.get() == 0) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    @Test
    void aRunnableCallThatGotLessCpuThanItsDeadlineIsWaitingForACpuAndItsLateAnswerIsUsed() throws Exception {
        CompletableFuture<PolicyCaller.Answer> answer = callInBackground(spinning());
        TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() * 3);
        cpu.set(DEADLINE.toNanos() - 1);
        TimeUnit.MILLISECONDS.sleep(PolicyCaller.WATCH_EVERY.toMillis() * 4);

        assertThat(compensations).as("no worker replaced").hasValue(0);
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(new PolicyCaller.Answer.Proposed(
                new Proposal.Offer(ADDRESS)));
    }

    @Test
    void aRunnableCallThatUsedItsDeadlineInCpuOverruns() throws Exception {
        CompletableFuture<PolicyCaller.Answer> answer = callInBackground(spinning());
        TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() * 2);
        assertThat(compensations).as("still only waiting for a CPU").hasValue(0);
        cpu.set(DEADLINE.toNanos());

        awaitOverrun();
        assertThat(compensation).as("its worker replaced while it runs").hasValue(1);
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PolicyCaller.Answer.Failed.class,
                failed -> assertThat(failed.reason()).isEqualTo("policy-deadline-missed"));
        assertThat(compensation).as("the extra worker removed once it returned").hasValue(0);
    }

    @Test
    void aCallWhoseThreadWaitsOverrunsAtItsDeadlineWhateverItsCpu() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        CompletableFuture<PolicyCaller.Answer> answer = callInBackground(policy(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted past its deadline", e);
            }
        }));

        assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PolicyCaller.Answer.Failed.class,
                failed -> assertThat(failed.reason()).isEqualTo("policy-deadline-missed"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
        assertThat(compensations).hasValue(1);
        assertThat(compensation).hasValue(0);
    }

    @Test
    void aRunnableCallOverrunsAtTheHardLimitEvenWithoutCpu() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<PolicyCaller.Answer> answer = callInBackground(spinning());

        awaitOverrun();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the hard limit")
                .isGreaterThanOrEqualTo(DEADLINE.multipliedBy(PolicyCaller.HARD_LIMIT));
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOf(PolicyCaller.Answer.Failed.class);
    }

    @Test
    void theWatchdogLooksOnlyWhileACallIsInFlight() throws Exception {
        // Short calls one after another: a call cannot overrun before its deadline, so the watchdog looks about once
        // per deadline, not every few milliseconds.
        AllocationPolicy quick = policy(() -> { });
        caller.call(quick, null, DEADLINE); // its classes loaded: the first call may take a deadline or more
        TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() + PolicyCaller.WATCH_EVERY.toMillis() * 4);
        long beforeTheCalls = caller.looks();
        long start = System.nanoTime();
        for (int call = 0; call < 60; call++) {
            assertThat(caller.call(quick, null, DEADLINE)).isInstanceOf(PolicyCaller.Answer.Proposed.class);
            TimeUnit.MILLISECONDS.sleep(1);
        }
        long deadlines = (System.nanoTime() - start) / DEADLINE.toNanos();
        TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() + PolicyCaller.WATCH_EVERY.toMillis() * 4);
        long afterTheCall = caller.looks();
        assertThat(afterTheCall - beforeTheCalls).as("looks at 60 calls over %d deadlines", deadlines)
                .isLessThanOrEqualTo(deadlines + 2);

        TimeUnit.MILLISECONDS.sleep(PolicyCaller.WATCH_EVERY.toMillis() * 20);
        assertThat(caller.looks()).as("looks while no call is in flight").isEqualTo(afterTheCall);

        CompletableFuture<PolicyCaller.Answer> answer = callInBackground(spinning());
        TimeUnit.MILLISECONDS.sleep(PolicyCaller.WATCH_EVERY.toMillis() * 20);
        assertThat(caller.looks() - afterTheCall).as("looks while a call runs").isGreaterThan(3);
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOf(PolicyCaller.Answer.Proposed.class);
    }
}

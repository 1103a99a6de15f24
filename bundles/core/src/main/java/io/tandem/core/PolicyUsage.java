package io.tandem.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What one allocation policy did since it was installed, and when its misbehaviour was last logged. */
final class PolicyUsage {

    /** A misbehaving policy is logged at its first fault and then at most this often, with the count between. */
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder served = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong faultsSinceLog = new AtomicLong();
    private volatile boolean returnedOnce;

    /** Notes that a call returned; the first one loaded the policy's classes. */
    void returned() {
        if (!returnedOnce) {
            returnedOnce = true;
        }
    }

    /** Whether any call has returned yet: until then a call may be loading the policy's classes. */
    boolean returnedOnce() {
        return returnedOnce;
    }

    void served() {
        served.increment();
    }

    long servedCount() {
        return served.sum();
    }

    long refusedCount() {
        return refused.sum();
    }

    long failedCount() {
        return failed.sum();
    }

    /** Counts a refused proposal; returns how many faults to report if a log line is due now, else 0. */
    long refused(long nowNanos) {
        refused.increment();
        return faultDue(nowNanos);
    }

    /** Counts a throw or a missed deadline; returns how many faults to report if a log line is due now, else 0. */
    long failed(long nowNanos) {
        failed.increment();
        return faultDue(nowNanos);
    }

    private long faultDue(long nowNanos) {
        faultsSinceLog.incrementAndGet();
        long last = lastLogged.get();
        // nowNanos | 1: never the 0 that means "not logged yet".
        if ((last == 0 || nowNanos - last >= LOG_EVERY_NANOS) && lastLogged.compareAndSet(last, nowNanos | 1)) {
            return faultsSinceLog.getAndSet(0);
        }
        return 0;
    }
}

package io.tandem.io.netty;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may repeat once per packet under a flood (send failures, handler failures): writes at most one
 * line per interval and says how many it left out since the last one.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextAllowedNanos = new AtomicLong(System.nanoTime());
    }

    /**
     * Logs {@code message} (already formatted as key=value pairs) and the cause's one-line description, unless a
     * line was written within the interval.
     */
    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        long allowed = nextAllowedNanos.get();
        if (now - allowed >= 0 && nextAllowedNanos.compareAndSet(allowed, now + intervalNanos)) {
            Throwable root = cause instanceof CompletionException && cause.getCause() != null
                    ? cause.getCause() : cause;
            log.warn("{} cause=\"{}\" suppressedSinceLast={}", message, String.valueOf(root),
                    suppressed.getAndSet(0));
        } else {
            suppressed.incrementAndGet();
        }
    }
}

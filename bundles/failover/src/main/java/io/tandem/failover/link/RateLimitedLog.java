package io.tandem.failover.link;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A log line that a peer, or anyone who can reach the port, could repeat at will (connections from elsewhere,
 * garbage, refused handshakes): at most one line per interval, saying how many were left out since the last.
 * Shared by every connection and every {@link PeerLink} of the class that owns it, hence atomic.
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

    /** Logs {@code line} (already formatted as key=value pairs) at WARN unless a line went out within the interval. */
    void warn(String line) {
        long left = admit();
        if (left >= 0) {
            log.warn("{} suppressedSinceLast={}", line, left);
        }
    }

    /** As {@link #warn}, at INFO. */
    void info(String line) {
        long left = admit();
        if (left >= 0) {
            log.info("{} suppressedSinceLast={}", line, left);
        }
    }

    /** The number of lines left out since the last one, or -1 if this one is left out too. */
    private long admit() {
        long now = System.nanoTime();
        long allowed = nextAllowedNanos.get();
        if (now - allowed >= 0 && nextAllowedNanos.compareAndSet(allowed, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}

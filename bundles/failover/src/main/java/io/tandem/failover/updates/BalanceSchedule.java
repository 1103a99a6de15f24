package io.tandem.failover.updates;

import io.tandem.failover.config.FailoverSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The schedule of pool balancing runs (reference §4): after each run, the next is due at the age of the pair's
 * oldest free address times max-lease-misbalance percent (a pool whose addresses sit free for long needs balancing
 * rarely), no later than max-balance and no sooner than min-balance after the run, plus up to 4 s at random so that
 * the two servers do not run in step. One run is pending at most, and a new estimate only ever brings it earlier.
 * Used on the endpoint's loop only.
 */
final class BalanceSchedule {

    static final Duration MAX_JITTER = Duration.ofSeconds(4);

    private final FailoverSettings settings;
    private final RandomGenerator random;
    private final ScheduledExecutorService loop;
    private Optional<Instant> due = Optional.empty();
    private ScheduledFuture<?> pending;

    BalanceSchedule(FailoverSettings settings, RandomGenerator random, ScheduledExecutorService loop) {
        this.settings = settings;
        this.random = random;
        this.loop = loop;
    }

    /**
     * A run happened at {@code ranAt}: schedules {@code run} for the estimate, unless one is due sooner.
     *
     * @param oldestFreeSince since when the oldest free address has been free; empty if none is (max-balance then)
     */
    void ran(Instant ranAt, Optional<Instant> oldestFreeSince, Runnable run) {
        Instant next = nextAfter(ranAt, oldestFreeSince);
        if (due.filter(scheduled -> !next.isBefore(scheduled)).isPresent()) {
            return;
        }
        cancel();
        due = Optional.of(next);
        pending = loop.schedule(() -> {
            due = Optional.empty();
            pending = null;
            run.run();
        }, Math.max(0, Duration.between(ranAt, next).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Drops the pending run: the pair left NORMAL. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        due = Optional.empty();
    }

    private Instant nextAfter(Instant ranAt, Optional<Instant> oldestFreeSince) {
        Duration estimate = oldestFreeSince
                .map(since -> Duration.between(since, ranAt).multipliedBy(settings.maxLeaseMisbalance())
                        .dividedBy(100))
                .orElse(settings.maxBalance());
        Duration bounded = estimate.compareTo(settings.maxBalance()) > 0 ? settings.maxBalance()
                : estimate.compareTo(settings.minBalance()) < 0 ? settings.minBalance() : estimate;
        return ranAt.plus(bounded).plusMillis(random.nextLong(MAX_JITTER.toMillis() + 1));
    }
}

package io.tandem.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the lease store can make leases durable right now, as the shell and JMX show it.
 *
 * @param condition the worst trouble the store is in
 * @param since when that trouble started; {@code null} when {@link Condition#HEALTHY}
 * @param problem the error behind it, one line; empty when healthy
 */
public record LeaseStoreHealth(Condition condition, Instant since, String problem) {

    /** What the store can still do, from best to worst. */
    public enum Condition {
        /** Commits and checkpoints succeed. */
        HEALTHY,
        /**
         * Checkpoints fail (for example on a full disk) and are retried; commits still succeed in the journal, which
         * grows until a checkpoint succeeds.
         */
        CHECKPOINTS_FAILING,
        /**
         * Commits fail (for example on a full disk) and requests that need a stored lease get no answer; the store
         * commits again by itself once the cause is gone.
         */
        COMMITS_FAILING,
        /** The journal's state on disk is unknown after a failed sync: no commit succeeds until a restart. */
        BROKEN
    }

    /** A store with no trouble. */
    public static final LeaseStoreHealth HEALTHY = new LeaseStoreHealth(Condition.HEALTHY, null, "");

    public LeaseStoreHealth {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return condition == Condition.HEALTHY ? "HEALTHY" : condition + " since " + since + ": " + problem;
    }
}

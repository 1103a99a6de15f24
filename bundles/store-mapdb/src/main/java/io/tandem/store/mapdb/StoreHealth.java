package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.LeaseStoreHealth.Condition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store can accept commits, and the one log line when trouble starts and the one when it ends.
 *
 * <p>Two kinds of trouble. A failure that leaves the journal in an unknown state (a failed sync, a failed record
 * that could not be cut off) <em>breaks</em> the store: it is kept, and every later commit fails with it until the
 * store is reopened. A failure the store recovers from by itself (a full disk: the partial record was cut off, or a
 * checkpoint was abandoned and its file restored) is an <em>outage</em> of commits or of checkpoints, which ends at
 * the next one that succeeds.
 */
final class StoreHealth {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final Path file;
    private final Clock clock;
    private volatile LeaseStoreException broken;
    private volatile Instant brokenSince;
    private final Outage commits = new Outage("commits");
    private final Outage checkpoints = new Outage("checkpoints");

    StoreHealth(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Records {@code cause} as breaking the store, unless an earlier failure already did. */
    synchronized void fail(LeaseStoreException cause) {
        if (broken == null) {
            brokenSince = clock.instant();
            broken = cause;
            LOG.error("lease store broken file=" + file + " until=restart error=\"" + cause.getMessage() + "\"");
        }
    }

    /** @throws LeaseStoreException the failure that broke the store, if any */
    void check() {
        LeaseStoreException recorded = broken;
        if (recorded != null) {
            throw recorded;
        }
    }

    boolean failed() {
        return broken != null;
    }

    /** A commit failed, and the journal can take the next one. */
    void commitFailed(Throwable cause) {
        commits.failed(cause);
    }

    void committed() {
        commits.succeeded();
    }

    /** A checkpoint failed; commits go on into the journal. */
    void checkpointFailed(Throwable cause) {
        checkpoints.failed(cause);
    }

    void checkpointed() {
        checkpoints.succeeded();
    }

    /** Why checkpoints fail right now, or null if they do not. */
    String checkpointProblem() {
        return checkpoints.problem();
    }

    /** The worst condition the store is in now. */
    LeaseStoreHealth health() {
        LeaseStoreException recorded = broken;
        if (recorded != null) {
            return new LeaseStoreHealth(Condition.BROKEN, brokenSince, recorded.getMessage());
        }
        LeaseStoreHealth failing = commits.health(Condition.COMMITS_FAILING);
        if (failing == null) {
            failing = checkpoints.health(Condition.CHECKPOINTS_FAILING);
        }
        return failing != null ? failing : LeaseStoreHealth.HEALTHY;
    }

    /** A run of failures of one kind of write, from the first failure to the next success. */
    private final class Outage {

        private final String what;
        private Instant since;
        private String problem;
        private long failures;

        Outage(String what) {
            this.what = what;
        }

        synchronized void failed(Throwable cause) {
            problem = String.valueOf(cause.getMessage());
            failures++;
            if (since == null) {
                since = clock.instant();
                LOG.error("lease store " + what + " failing file=" + file + " error=\"" + problem + "\"");
            }
        }

        synchronized void succeeded() {
            if (since != null) {
                LOG.warn("lease store " + what + " succeed again file=" + file + " failingMillis="
                        + (clock.millis() - since.toEpochMilli()) + " failures=" + failures);
                since = null;
                problem = null;
                failures = 0;
            }
        }

        synchronized String problem() {
            return problem;
        }

        synchronized LeaseStoreHealth health(Condition condition) {
            return since == null ? null : new LeaseStoreHealth(condition, since, problem);
        }
    }
}

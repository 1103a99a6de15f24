package io.tandem.failover.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverState;
import io.tandem.api.PoolBalancing;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.PoolRequest;
import io.tandem.failover.wire.PoolResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule of pool balancing runs (reference §4), on a hand-driven clock: the next run after one is due at
 * the oldest free address's age times max-lease-misbalance (15 %), between min-balance (60 s) and max-balance
 * (3600 s) after it, plus up to 4 s; a new estimate only brings it earlier; only in NORMAL. A scheduled run that
 * finds this server short of leases asks the peer (POOLREQ), which balances and answers (POOLRESP).
 */
class BalanceScheduleTest {

    private static final Instant START = ManualPair.START;

    @TempDir
    Path directory;
    private ManualPair pair;
    private int primaryRunsBefore;
    private int secondaryRunsBefore;

    @BeforeEach
    void create() throws Exception {
        pair = new ManualPair(directory, Duration.ZERO);
    }

    @AfterEach
    void close() {
        pair.close();
    }

    private static PoolBalancing oldestFreeFor(Duration age) {
        return new PoolBalancing(0, false, Optional.of(START.minus(age)));
    }

    /**
     * The pair recovers to NORMAL at {@link #START}, each side running pool balancing on entering it (and on the
     * peer's NORMAL, ISC's "pool check"); later runs are counted from there.
     */
    private void normalAtStart() {
        pair.link();
        assertThat(pair.primary.state()).isEqualTo(FailoverState.NORMAL);
        assertThat(pair.secondary.state()).isEqualTo(FailoverState.NORMAL);
        assertThat(pair.primary.core.balanced).isPositive();
        primaryRunsBefore = pair.primary.core.balanced;
        secondaryRunsBefore = pair.secondary.core.balanced;
    }

    private int primaryRuns() {
        return pair.primary.core.balanced - primaryRunsBefore;
    }

    private int secondaryRuns() {
        return pair.secondary.core.balanced - secondaryRunsBefore;
    }

    /** Moves the clock to {@code START + seconds}. */
    private void at(long seconds) {
        pair.loop.advance(Duration.between(pair.loop.now(), START.plusSeconds(seconds)));
    }

    private void peerAsksForLeasesAt(long seconds) {
        at(seconds);
        pair.primary.endpoint.received(new PoolRequest(new Header(pair.loop.now(), 4711)));
        pair.loop.runReady();
    }

    @Test
    void the_next_run_is_due_at_the_oldest_free_addresss_age_times_the_misbalance_percentage() {
        pair.primary.core.balancing = oldestFreeFor(Duration.ofSeconds(1000));
        normalAtStart();

        at(149);
        assertThat(primaryRuns()).as("15 % of 1000 s: not before 150 s").isEqualTo(0);
        at(155);
        assertThat(primaryRuns()).as("by 150 s plus at most 4 s").isEqualTo(1);
    }

    @Test
    void the_estimate_is_bounded_by_min_balance_and_max_balance() {
        pair.primary.core.balancing = oldestFreeFor(Duration.ofSeconds(10));
        pair.secondary.core.balancing = new PoolBalancing(0, false, Optional.of(Instant.EPOCH));
        normalAtStart();

        at(59);
        assertThat(primaryRuns()).as("1.5 s estimated, min-balance 60 s").isEqualTo(0);
        at(65);
        assertThat(primaryRuns()).isEqualTo(1);

        at(3599);
        assertThat(secondaryRuns()).as("free since 1970, max-balance 3600 s").isEqualTo(0);
        at(3605);
        assertThat(secondaryRuns()).isEqualTo(1);
    }

    @Test
    void a_run_with_an_earlier_estimate_brings_the_schedule_forward() {
        pair.primary.core.balancing = PoolBalancing.NOTHING;
        normalAtStart();

        pair.primary.core.balancing = oldestFreeFor(Duration.ofSeconds(990));
        peerAsksForLeasesAt(10);
        assertThat(primaryRuns()).isEqualTo(1);

        at(165);
        assertThat(primaryRuns()).as("15 % of 1000 s after the run at 10 s, not max-balance").isEqualTo(2);
    }

    @Test
    void a_run_with_a_later_estimate_leaves_the_schedule_as_it_was() {
        pair.primary.core.balancing = oldestFreeFor(Duration.ofSeconds(1000));
        normalAtStart();

        pair.primary.core.balancing = PoolBalancing.NOTHING;
        peerAsksForLeasesAt(10);
        assertThat(primaryRuns()).isEqualTo(1);

        at(155);
        assertThat(primaryRuns()).as("still due by 154 s").isEqualTo(2);
    }

    private static List<FailoverMessage> sent(ManualPair.Side side) {
        return side.sending.orElseThrow().delivered;
    }

    @Test
    void a_scheduled_run_short_of_leases_asks_the_peer_which_balances_and_answers_how_many_moved() {
        pair.secondary.core.balancing = new PoolBalancing(0, true, Optional.of(START.minusSeconds(1000)));
        pair.primary.core.balancing = new PoolBalancing(7, false, Optional.empty());
        normalAtStart();
        assertThat(sent(pair.secondary)).as("entering NORMAL does not ask, as ISC's secondary does not")
                .noneMatch(PoolRequest.class::isInstance);

        at(155);

        assertThat(secondaryRuns()).isEqualTo(1);
        assertThat(sent(pair.secondary)).filteredOn(PoolRequest.class::isInstance).hasSize(1);
        assertThat(primaryRuns()).as("the peer balanced on the POOLREQ").isEqualTo(1);
        assertThat(sent(pair.primary)).filteredOn(PoolResponse.class::isInstance).singleElement()
                .extracting(message -> ((PoolResponse) message).addressesTransferred()).isEqualTo(Optional.of(7L));
    }

    @Test
    void a_scheduled_run_that_is_not_short_asks_nothing() {
        pair.secondary.core.balancing = new PoolBalancing(0, false, Optional.of(START.minusSeconds(1000)));
        normalAtStart();

        at(155);

        assertThat(secondaryRuns()).isEqualTo(1);
        assertThat(sent(pair.secondary)).noneMatch(PoolRequest.class::isInstance);
        assertThat(primaryRuns()).isZero();
    }

    @Test
    void scheduled_runs_happen_only_in_normal() {
        pair.primary.core.balancing = oldestFreeFor(Duration.ofSeconds(1000));
        normalAtStart();

        at(10);
        pair.primary.linkLost("test cut the link");
        pair.secondary.linkLost("test cut the link");
        assertThat(pair.primary.state()).isEqualTo(FailoverState.COMMUNICATIONS_INTERRUPTED);
        at(7200);
        assertThat(primaryRuns()).as("none while communications are interrupted").isEqualTo(0);

        pair.link();
        assertThat(pair.primary.state()).isEqualTo(FailoverState.NORMAL);
        int onReturn = primaryRuns();
        assertThat(onReturn).as("entering NORMAL runs").isPositive();
        at(7200 + 1229);
        assertThat(primaryRuns()).as("and schedules anew: 15 % of 8200 s after the run at 7200 s")
                .isEqualTo(onReturn);
        at(7200 + 1230 + 4);
        assertThat(primaryRuns()).isEqualTo(onReturn + 1);
    }
}

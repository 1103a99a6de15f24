package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ISC's arithmetic of a pool's split (reference §4): lts, hold and the POOLREQ panic, rounded as ISC rounds. */
class PoolSharesTest {

    private static FailoverView primary(int maxLeaseMisbalance, int maxLeaseOwnership) {
        return new FailoverView(FailoverRole.PRIMARY, FailoverState.NORMAL, Instant.EPOCH, FailoverState.NORMAL,
                Duration.ofSeconds(60), HashBuckets.split(128), 0, maxLeaseMisbalance, maxLeaseOwnership);
    }

    @ParameterizedTest(name = "own {0} peers {1} misbalance {2}% ownership {3}%")
    @CsvSource({
        // own, peers, misbalance, ownership, lts, hold, short
        "100, 0, 15, 10, 50, 10, false",
        "0, 5, 15, 10, -2, 1, false",     // hold: 10 % of 5 = 0.5, rounded up; thresh 1, panic -2
        "0, 6, 15, 10, -3, 1, true",
        "0, 3, 15, 10, -1, 0, false",     // thresh: 15 % of 3 = 0.45, rounded down to 0: panic -1
        "0, 4, 0, 0, -2, 0, true",        // no misbalance allowed: panic -1
        "19, 81, 15, 10, -31, 10, true",
        "20, 80, 15, 10, -30, 10, false",
        "3, 0, 15, 10, 1, 0, false",      // integer division as ISC's: 3 / 2 = 1
    })
    void isc_arithmetic(long own, long peers, int misbalance, int ownership, long lts, long hold, boolean shortOfLeases) {
        PoolShares shares = new PoolShares(own, peers, Optional.empty());
        FailoverView view = primary(misbalance, ownership);

        assertThat(shares.toSend()).isEqualTo(lts);
        assertThat(shares.hold(view)).isEqualTo(hold);
        assertThat(shares.shortOfLeases(view)).isEqualTo(shortOfLeases);
    }
}

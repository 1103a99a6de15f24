package io.tandem.failover.updates;

import io.tandem.api.FailoverRole;
import io.tandem.api.HashBuckets;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.util.Optional;

/** The settings of the endpoint tests' pair: primary 127.0.0.2, secondary 127.0.0.3, ISC's balancing defaults. */
final class PairSettings {

    /** Short, so that a recovery's RECOVER-WAIT (until STOS + MCLT) passes within a test on a real clock. */
    static final Duration MCLT = Duration.ofSeconds(2);
    static final HashBuckets PRIMARY_BUCKETS = HashBuckets.split(128);

    private PairSettings() {
    }

    static FailoverSettings of(FailoverRole role, Duration autoPartnerDown) {
        boolean primary = role == FailoverRole.PRIMARY;
        return new FailoverSettings(role, "pair", Ipv4Address.parse(primary ? "127.0.0.2" : "127.0.0.3"), 647,
                Ipv4Address.parse(primary ? "127.0.0.3" : "127.0.0.2"), 647,
                primary ? Optional.of(MCLT) : Optional.empty(),
                primary ? Optional.of(PRIMARY_BUCKETS) : Optional.empty(), 3, Duration.ofSeconds(20),
                10, autoPartnerDown, 15, 10, Duration.ofSeconds(60), Duration.ofSeconds(3600));
    }
}

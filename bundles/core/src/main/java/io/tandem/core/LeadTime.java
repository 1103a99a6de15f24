package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.model.Lease;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a server of a pair may let a client hold an address (reference §3.4, draft-12 §5.2.1): never more than
 * MCLT beyond what the peer has acknowledged or told us as the lease's potential expiry ({@code tsfp}), so that a
 * peer taking over after a partition knows when the address is surely free. Standalone, the desired time.
 *
 * @param granted the lease time to give the client, in seconds
 * @param potentialExpiry what to send the peer as the lease's potential expiry ({@code tstp}): now + desired +
 *     granted/2, so that the next renewal can be granted in full once the peer has acknowledged it
 */
record LeadTime(long granted, Instant potentialExpiry) {

    static LeadTime of(long desired, Lease stored, FailoverView view, Instant now) {
        return of(desired, stored == null ? Lease.UNSET : stored.tsfp(), view, now);
    }

    static LeadTime of(long desired, Instant tsfp, FailoverView view, Instant now) {
        long granted = desired;
        Duration mclt = view.mclt();
        if (view.paired() && desired > mclt.toSeconds()) {
            if (!tsfp.isAfter(now)) {
                granted = mclt.toSeconds();
            } else if (now.plusSeconds(desired).isAfter(tsfp.plus(mclt))) {
                granted = Duration.between(now, tsfp.plus(mclt)).toSeconds();
            }
        }
        return new LeadTime(granted, now.plusSeconds(desired + granted / 2));
    }
}

package io.tandem.api;

import io.tandem.api.model.Lease;
import java.time.Instant;
import java.util.Objects;

/**
 * The failover relationship as an operator reads it ({@code dhcp:failover}, JMX).
 *
 * @param view role, state and since when, the peer's state, MCLT and load balancing, as core sees them
 * @param linked whether the connection to the peer is up
 * @param lastHeard when the peer was last heard from, {@link Lease#UNSET} if never
 * @param unacknowledged leases holding a change the peer has not acknowledged yet
 * @param inFlight of those, updates sent and awaiting the peer's acknowledgement
 */
public record FailoverStatus(FailoverView view, boolean linked, Instant lastHeard, long unacknowledged,
                             long inFlight) {

    public FailoverStatus {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(lastHeard, "lastHeard");
    }
}

package io.tandem.core;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverService;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stands in for a failover service that is configured ({@code io.tandem.failover} exists) but not registered: the
 * failover bundle not started yet, stopped, being updated or uninstalled. Falling back to standalone would let this
 * server allocate its peer's addresses, so it answers no client instead (INFORM excepted) until the service is back,
 * and says so. Changes made meanwhile (an operator's release) are still marked for the peer in the store.
 */
final class MissingFailover implements FailoverService {

    /** The configuration PID of the failover relationship. */
    static final String PID = "io.tandem.failover";

    private final FailoverView view;

    private MissingFailover(FailoverRole role) {
        this.view = new FailoverView(role, FailoverState.UNKNOWN, Instant.EPOCH, FailoverState.UNKNOWN,
                Duration.ZERO, HashBuckets.NONE, 0, FailoverView.ISC_MAX_LEASE_MISBALANCE,
                FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }

    /** The stand-in for a relationship configured with {@code role} ("primary" or "secondary", else unknown). */
    static MissingFailover configuredAs(Object role) {
        String named = String.valueOf(role).trim().toLowerCase(Locale.ROOT);
        return new MissingFailover(named.equals("secondary") ? FailoverRole.SECONDARY : FailoverRole.PRIMARY);
    }

    /** The line {@code dhcp:status} shows while the stand-in is in use. */
    static ConfigurationProblem problem() {
        return new ConfigurationProblem(ConfigurationProblem.Kind.WAITING, PID, null, null,
                "a failover relationship is configured but the failover service is not running: no client is"
                        + " answered until it is (standalone would allocate the peer's addresses)");
    }

    @Override
    public FailoverView view() {
        return view;
    }

    @Override
    public void bindingsChanged(List<Lease> committed) {
        // Nothing to queue: the changes are marked in the store and the service sends them once it is back.
    }

    /** The role configured for the relationship, read from its properties. */
    static Optional<Object> roleOf(Dictionary<String, Object> properties) {
        return properties == null ? Optional.empty() : Optional.ofNullable(properties.get("role"));
    }
}

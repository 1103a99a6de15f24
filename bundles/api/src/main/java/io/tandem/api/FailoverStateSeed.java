package io.tandem.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Gives a server that has never been in a pair the failover state its predecessor saved (an ISC dhcpd's
 * {@code failover peer "NAME" state} block), so that it resumes the relationship where that server left it
 * instead of starting in RECOVER and re-learning every lease. Provided by the failover bundle at all times.
 */
public interface FailoverStateSeed {

    /** True if this server already has a saved failover state of its own: a seed would overwrite it. */
    boolean hasSavedState() throws IOException;

    /**
     * Saves the state this server starts from when its relationship is next configured.
     *
     * @param state the predecessor's own state
     * @param since when it entered {@code state} (STOS), whole seconds
     * @param peerState what it last knew of its peer's state
     * @param mclt the MCLT in effect ({@link Duration#ZERO} for a secondary that never learned one)
     * @throws IOException if the state cannot be written, or this server already has one
     * @throws IllegalArgumentException if the values cannot be a saved state (STARTUP, fractions of seconds)
     */
    void seed(FailoverState state, Instant since, FailoverState peerState, Duration mclt) throws IOException;
}

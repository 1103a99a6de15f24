package io.tandem.isc;

import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code failover peer "NAME" state { ... }} block of a lease file: the states the writing server saved for
 * itself and for its partner, each with the time it was entered (STOS), and the MCLT, which only a secondary
 * writes. A missing statement leaves its values empty.
 *
 * @param relationship the peer name of the relationship
 * @param myState the writing server's own state
 * @param myStateSince when it entered {@code myState}
 * @param partnerState what it last knew of its partner's state
 * @param partnerStateSince when the partner entered {@code partnerState}
 * @param mclt the maximum client lead time, written by a secondary only
 */
public record FailoverPeerState(
        String relationship,
        Optional<FailoverState> myState,
        Optional<Instant> myStateSince,
        Optional<FailoverState> partnerState,
        Optional<Instant> partnerStateSince,
        Optional<Duration> mclt) {

    /** True if the writing server saved both itself and its partner as NORMAL. */
    public boolean bothNormal() {
        return myState.equals(Optional.of(FailoverState.NORMAL))
                && partnerState.equals(Optional.of(FailoverState.NORMAL));
    }
}

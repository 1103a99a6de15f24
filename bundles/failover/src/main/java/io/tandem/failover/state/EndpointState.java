package io.tandem.failover.state;

import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one failover endpoint stands: its state, when it entered it (STOS), the state it will resume while in
 * STARTUP, and the peer's state as last announced.
 *
 * @param state this server's state
 * @param stos the start time of {@code state}; in STARTUP the STOS of the saved state (§2.2: entering STARTUP keeps it)
 * @param saved the state STARTUP resumes; present exactly when {@code state} is STARTUP
 * @param peerState the state the peer last announced, {@link FailoverState#UNKNOWN} when never heard
 * @param mclt the MCLT in effect when this was saved: the primary's own, the secondary's as learned from CONNECT;
 *     {@link Duration#ZERO} while a secondary has not learned it
 */
public record EndpointState(FailoverState state, Instant stos, Optional<FailoverState> saved,
        FailoverState peerState, Duration mclt) {

    public EndpointState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stos, "stos");
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(peerState, "peerState");
        Objects.requireNonNull(mclt, "mclt");
        if ((state == FailoverState.STARTUP) != saved.isPresent()) {
            throw new IllegalArgumentException("a saved state goes with STARTUP and only with it: " + state + " "
                    + saved);
        }
        if (saved.filter(s -> s == FailoverState.STARTUP).isPresent()) {
            throw new IllegalArgumentException("STARTUP cannot resume STARTUP");
        }
        if (mclt.isNegative()) {
            throw new IllegalArgumentException("negative MCLT " + mclt);
        }
    }

    /** An endpoint outside STARTUP. */
    public static EndpointState of(FailoverState state, Instant stos, FailoverState peerState, Duration mclt) {
        return new EndpointState(state, stos, Optional.empty(), peerState, mclt);
    }

    /** The state the §2.3 table reads this endpoint's row from: the saved state while in STARTUP. */
    public FailoverState effective() {
        return saved.orElse(state);
    }

    /** What the state file keeps: a server in STARTUP keeps what it will resume, never STARTUP itself. */
    public PersistedState persisted() {
        return new PersistedState(effective(), stos, peerState, mclt);
    }

    /** The same endpoint with the MCLT the secondary learned from the primary's CONNECT. */
    public EndpointState withMclt(Duration learned) {
        return new EndpointState(state, stos, saved, peerState, learned);
    }

    EndpointState with(FailoverState next, Instant nextStos) {
        return new EndpointState(next, nextStos, Optional.empty(), peerState, mclt);
    }

    EndpointState withPeer(FailoverState announced) {
        return new EndpointState(state, stos, saved, announced, mclt);
    }
}

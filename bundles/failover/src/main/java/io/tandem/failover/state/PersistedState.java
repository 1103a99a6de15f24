package io.tandem.failover.state;

import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What survives a restart (§2.2): a server with a saved state resumes it through STARTUP, one without starts in
 * RECOVER. Written before every STATE message that announces a change.
 *
 * @param state this server's state; never STARTUP
 * @param stos when it entered {@code state}, whole seconds as the wire carries them
 * @param peerState the peer's state as last announced
 * @param mclt the MCLT in effect; the secondary keeps the one it learned so that it can cap leases after a restart
 *     that finds no peer ({@link Duration#ZERO} if it never learned one)
 */
public record PersistedState(FailoverState state, Instant stos, FailoverState peerState, Duration mclt) {

    public PersistedState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stos, "stos");
        Objects.requireNonNull(peerState, "peerState");
        Objects.requireNonNull(mclt, "mclt");
        if (state == FailoverState.STARTUP) {
            throw new IllegalArgumentException("STARTUP is never saved: the state it resumes is");
        }
        if (stos.getNano() != 0 || mclt.getNano() != 0) {
            throw new IllegalArgumentException("STOS and MCLT are whole seconds: " + stos + " " + mclt);
        }
        if (mclt.isNegative()) {
            throw new IllegalArgumentException("negative MCLT " + mclt);
        }
    }
}

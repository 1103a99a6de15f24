package io.tandem.failover.wire;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * STATE (10): the sender's failover state, sent when the link comes up and on every change.
 *
 * @param serverState      server-state (24)
 * @param serverFlags      server-flags (23): bit {@link #STARTUP} while the sender is still in STARTUP and
 *                         announces its saved state
 * @param startTimeOfState start-time-of-state (25): when the sender entered the state
 */
public record State(Header header, Optional<ServerState> serverState, Optional<Integer> serverFlags,
        Optional<Instant> startTimeOfState) implements FailoverMessage {

    /** Server-flags bit: the sender is in STARTUP; ISC in PARTNER-DOWN ignores such a STATE. */
    public static final int STARTUP = 0x01;

    public State {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(serverState, "server state");
        WireValues.requireIfPresent(serverFlags, "server flags", WireValues::requireU8);
        WireValues.requireIfPresent(startTimeOfState, "start time of state", WireValues::requireTime);
    }

    /** True if server-flags has the STARTUP bit. */
    public boolean isStartup() {
        return serverFlags.map(flags -> (flags & STARTUP) != 0).orElse(false);
    }

    @Override
    public MessageType type() {
        return MessageType.STATE;
    }
}

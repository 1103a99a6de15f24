package io.tandem.failover.state;

import io.tandem.api.FailoverState;

/**
 * The peer's STATE message: the state it announces and whether it is still in STARTUP (server-flags bit 1).
 *
 * @param code the server-state code (option 24) as received; a code without a column in the §2.3 table sends this
 *     server to SHUTDOWN, as in ISC
 * @param startupFlag the STARTUP bit of server-flags (option 23)
 */
public record PeerStateReceived(int code, boolean startupFlag) implements Event {

    public PeerStateReceived {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("server state code " + code + " is outside 0-255");
        }
    }

    /** The peer announces {@code state}, out of STARTUP. */
    public static PeerStateReceived of(FailoverState state) {
        return new PeerStateReceived(state.code(), false);
    }

    /** The peer, still in STARTUP, announces its saved {@code state}. */
    public static PeerStateReceived starting(FailoverState state) {
        return new PeerStateReceived(state.code(), true);
    }

    @Override
    public boolean overLink() {
        return true;
    }
}

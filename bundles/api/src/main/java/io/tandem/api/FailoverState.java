package io.tandem.api;

/**
 * The failover endpoint states of draft-ietf-dhc-failover-12, with the codes ISC dhcpd sends in option 24
 * (RECOVER-WAIT has no draft code; ISC uses 254).
 */
public enum FailoverState {
    UNKNOWN(0),
    STARTUP(1),
    NORMAL(2),
    COMMUNICATIONS_INTERRUPTED(3),
    PARTNER_DOWN(4),
    POTENTIAL_CONFLICT(5),
    RECOVER(6),
    PAUSED(7),
    SHUTDOWN(8),
    RECOVER_DONE(9),
    RESOLUTION_INTERRUPTED(10),
    CONFLICT_DONE(11),
    RECOVER_WAIT(254);

    private final int code;

    FailoverState(int code) {
        this.code = code;
    }

    /** True in the states where a server answers DHCP clients: NORMAL, COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN. */
    public boolean servesClients() {
        return this == NORMAL || this == COMMUNICATIONS_INTERRUPTED || this == PARTNER_DOWN;
    }

    /**
     * True in the states of a peer that make ISC dhcpd stop answering clients whatever its own state:
     * PARTNER-DOWN, POTENTIAL-CONFLICT, CONFLICT-DONE, RESOLUTION-INTERRUPTED.
     */
    public boolean silencesPeer() {
        return this == PARTNER_DOWN || this == POTENTIAL_CONFLICT || this == CONFLICT_DONE
                || this == RESOLUTION_INTERRUPTED;
    }

    /** The code on the failover wire (option 24). */
    public int code() {
        return code;
    }

    /** The state with the given wire code. */
    public static FailoverState ofCode(int code) {
        for (FailoverState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown failover state code " + code);
    }
}

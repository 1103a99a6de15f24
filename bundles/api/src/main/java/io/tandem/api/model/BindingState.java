package io.tandem.api.model;

/**
 * The state of one address. The first seven are the failover binding states of draft-ietf-dhc-failover-12
 * with ISC dhcpd's codes (option 3 of a BNDUPD); {@link #OFFERED} exists only in memory.
 */
public enum BindingState {
    /** Available; in a failover pair, the primary's to allocate. The last client stays as an affinity hint. */
    FREE(1),
    /** Bound to a client until {@link Lease#end()}. */
    ACTIVE(2),
    /** The binding ran out; becomes FREE/BACKUP once the peer knows. The last client stays. */
    EXPIRED(3),
    /** The client gave it back (DHCPRELEASE); becomes FREE/BACKUP once the peer knows. The last client stays. */
    RELEASED(4),
    /** In use by an unknown host (DHCPDECLINE or ping conflict); carries no client identity. */
    ABANDONED(5),
    /** Reset by an operator; becomes FREE/BACKUP once the peer knows. */
    RESET(6),
    /** Available; in a failover pair, the secondary's to allocate. The last client stays as an affinity hint. */
    BACKUP(7),
    /**
     * Held for a client between DHCPOFFER and DHCPREQUEST. Never stored and never sent to a peer
     * (ARCHITECTURE.md invariant 1): a {@code LeaseStore} refuses it.
     */
    OFFERED(0);

    private final int failoverCode;

    BindingState(int failoverCode) {
        this.failoverCode = failoverCode;
    }

    /** The binding-status code on the failover wire and in ISC's lease file; 0 for {@link #OFFERED}, which has none. */
    public int failoverCode() {
        return failoverCode;
    }

    /** The state with the given failover code. */
    public static BindingState ofFailoverCode(int code) {
        for (BindingState state : values()) {
            if (state.failoverCode == code && state != OFFERED) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown failover binding state code " + code);
    }

    /** True for states that tie the address to a client: ACTIVE and OFFERED. */
    public boolean isBound() {
        return this == ACTIVE || this == OFFERED;
    }

    /**
     * True for the states in transition between a binding and a free address, EXPIRED, RELEASED and RESET: in a
     * failover pair nobody may allocate them until the peer has acknowledged them.
     */
    public boolean isTransitional() {
        return this == EXPIRED || this == RELEASED || this == RESET;
    }

    /** True for states that may be persisted; false only for {@link #OFFERED}. */
    public boolean isDurable() {
        return this != OFFERED;
    }
}

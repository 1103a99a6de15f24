package io.tandem.failover.state;

/** The actions that need no parameter (§2.3 cells, §2.4 entry and exit actions). */
public enum Step implements Action {
    /** Leaving NORMAL, POTENTIAL-CONFLICT or PARTNER-DOWN (or losing the link in CONFLICT-DONE): every BNDUPD sent
     * and not acknowledged goes back to the update queue, to be sent again on the next link. */
    REQUEUE_UNACKED,
    /** Send UPDREQALL: the peer sends every binding it has, then UPDDONE. */
    SEND_UPDREQALL,
    /** Send UPDREQ: the peer sends the bindings it has not had acknowledged, then UPDDONE. */
    SEND_UPDREQ,
    /** Run pool balancing (section 4 of the reference). */
    BALANCE_POOLS,
    /** Queue every lease with tstp > atsfp and every EXPIRED, RELEASED and RESET lease, and send them. */
    SEND_QUEUED_UPDATES,
    /** Entering PARTNER-DOWN: every EXPIRED, RELEASED and RESET lease gets tsfp = STOS + MCLT. */
    SET_TRANSITIONAL_TSFP,
    /** ISC exits here (CONFLICT-DONE and a peer state it cannot be in): stop the endpoint, keep the state, tell the
     * operator. The state is not changed so that a restart shows where it stopped. */
    SHUTDOWN_FATAL
}

package io.tandem.failover.state;

/** The events of §2.4 that do not come from the peer's STATE. */
public enum LocalEvent implements Event {
    /** The TCP link closed or went silent for max-response-delay. */
    LINK_LOST(false),
    /** 15 s passed in STARTUP without the peer's STATE: the saved state is resumed with LINK_LOST applied. */
    STARTUP_TIMEOUT(false),
    /** The peer's UPDDONE: it has sent everything asked for by UPDREQ or UPDREQALL. */
    UPDDONE_RECEIVED(true),
    /** STOS + MCLT has come in RECOVER-WAIT. */
    RECOVER_WAIT_EXPIRED(false),
    /** The configured auto-partner-down time has passed in COMMUNICATIONS-INTERRUPTED. */
    AUTO_PARTNER_DOWN_EXPIRED(false),
    /** The operator declares the peer down. */
    OPERATOR_PARTNER_DOWN(false),
    /**
     * The operator takes this server out of service for a long stop: it announces SHUTDOWN, which moves a peer in
     * NORMAL to PARTNER-DOWN, and answers no client until it is restarted and has recovered.
     */
    OPERATOR_SHUTDOWN(false),
    /**
     * The operator takes this server out of service briefly: it announces PAUSED, which moves a peer in NORMAL to
     * COMMUNICATIONS-INTERRUPTED, and answers no client until it is restarted.
     */
    OPERATOR_PAUSE(false);

    private final boolean overLink;

    LocalEvent(boolean overLink) {
        this.overLink = overLink;
    }

    @Override
    public boolean overLink() {
        return overLink;
    }
}

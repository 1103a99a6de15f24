package io.tandem.api;

/**
 * What an operator reads and does about the failover relationship, through the shell and JMX; provided by the
 * failover bundle while a relationship is configured.
 */
public interface FailoverAdministration {

    /** The relationship as it is now. */
    FailoverStatus status();

    /**
     * The operator says the peer is down (known to be off, not merely unreachable): this server moves to
     * PARTNER-DOWN and, once MCLT has passed, allocates the peer's addresses too. Wrong while the peer still
     * serves: both would then allocate the same addresses.
     */
    void partnerDown();
}

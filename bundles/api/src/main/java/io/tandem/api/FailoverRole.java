package io.tandem.api;

/** This server's place in a failover pair. */
public enum FailoverRole {
    /** No failover configured: the server owns every address of its pools. */
    STANDALONE,
    /** The primary of a pair: allocates FREE leases. */
    PRIMARY,
    /** The secondary of a pair: allocates BACKUP leases. */
    SECONDARY
}

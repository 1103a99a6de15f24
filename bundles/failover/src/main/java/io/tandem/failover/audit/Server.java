package io.tandem.failover.audit;

/** One of the two servers of the audited pair. */
public enum Server {
    PRIMARY,
    SECONDARY;

    /** The other server of the pair. */
    public Server peer() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }

    /** The name used in descriptions: {@code primary} or {@code secondary}. */
    @Override
    public String toString() {
        return this == PRIMARY ? "primary" : "secondary";
    }
}

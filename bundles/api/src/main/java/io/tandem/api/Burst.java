package io.tandem.api;

/**
 * Requests handled in a row on one thread, whose lease commits are made durable together: opened by
 * {@link LeaseStore#openBurst} (packet I/O opens one through {@link DhcpHandler#openBurst} for the datagrams of one
 * read), closed on the same thread once they are handed over. Until then those commits are only queued, so the
 * thread must not wait for one of them, and should close the burst soon: their replies wait for it.
 */
@FunctionalInterface
public interface Burst extends AutoCloseable {

    /** A burst that holds nothing back: commits go on as if none were open. */
    Burst NONE = () -> { };

    /**
     * Makes the burst's commits durable as one group: on this thread, if the store is writing nothing else, which
     * saves its writing thread a wake-up; else by that thread after what it is writing. Closing twice is harmless.
     */
    @Override
    void close();
}

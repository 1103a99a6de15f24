package io.tandem.api;

/**
 * Throwaway lease stores of the kind the server keeps its leases in, provided beside the {@link LeaseStore} (core
 * needs both). Core rehearses the request path on one before packet I/O binds its sockets, so that the first
 * clients of a start meet compiled code; nothing written to a scratch store reaches the real one.
 */
public interface ScratchStores {

    /**
     * Opens a new, empty store of the real store's kind on the same volume, durable as the real one. Whatever a
     * scratch store left behind earlier (a process killed during a rehearsal) is removed first.
     *
     * @throws LeaseStoreException if it cannot be created (a full disk, for example)
     */
    ScratchStore open();

    /**
     * An open scratch store. {@link #store} is of the same class as the real store, so that code compiled while
     * rehearsing on it fits the real one too.
     */
    interface ScratchStore extends AutoCloseable {

        LeaseStore store();

        /** Closes the store and deletes its files; idempotent. */
        @Override
        void close();
    }
}

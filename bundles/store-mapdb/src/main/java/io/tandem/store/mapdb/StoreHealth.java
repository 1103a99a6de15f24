package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;

/**
 * Whether the store can still accept commits. The first failure that leaves the journal or a checkpoint file in
 * an unknown state is kept, and every later commit fails with it until the store is reopened.
 */
final class StoreHealth {

    private volatile LeaseStoreException failure;

    /** Records {@code cause} unless an earlier failure is already recorded. */
    synchronized void fail(LeaseStoreException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** @throws LeaseStoreException the recorded failure, if any */
    void check() {
        LeaseStoreException recorded = failure;
        if (recorded != null) {
            throw recorded;
        }
    }

    boolean failed() {
        return failure != null;
    }
}

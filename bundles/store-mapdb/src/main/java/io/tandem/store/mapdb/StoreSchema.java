package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.nio.file.Path;
import org.mapdb.Atomic;
import org.mapdb.DB;

/**
 * The meta record that marks a MapDB file as a Tandem lease store and says which schema wrote it. Code reads
 * stores of its own schema version and older (an older one is brought to the current version by its next
 * checkpoint, see {@link LeaseTables}); a newer store is refused rather than misread.
 *
 * <p>Versions: 1, leases, a client index and the journal sequence; 2, without the client index.
 */
final class StoreSchema {

    static final String VERSION_RECORD = "tandem.schemaVersion";
    static final int CURRENT_VERSION = 2;

    private StoreSchema() {
    }

    /** Writes the meta record and the empty collections of a new store. */
    static LeaseTables initialize(DB db) {
        return LeaseTables.create(db, db.atomicInteger(VERSION_RECORD, CURRENT_VERSION).create());
    }

    /**
     * Checks the meta record and the collections of an existing store, then opens them.
     *
     * @throws LeaseStoreException naming {@code file} and what is wrong
     */
    static LeaseTables check(DB db, Path file) {
        if (!db.exists(VERSION_RECORD)) {
            throw new LeaseStoreException("lease store " + file + " is a MapDB file without the meta record '"
                    + VERSION_RECORD + "': it is not a Tandem lease store, or its meta record is missing");
        }
        Atomic.Integer versionRecord = db.atomicInteger(VERSION_RECORD).open();
        int version = versionRecord.get();
        if (version > CURRENT_VERSION) {
            throw new LeaseStoreException("lease store " + file + " has schema version " + version
                    + ", newer than this code's " + CURRENT_VERSION + ": run the Tandem release that wrote it");
        }
        if (version < 1) {
            throw new LeaseStoreException("lease store " + file + " has invalid schema version " + version);
        }
        for (String collection : LeaseTables.COLLECTIONS) {
            if (!db.exists(collection)) {
                throw new LeaseStoreException("lease store " + file + " (schema version " + version
                        + ") lacks its '" + collection + "' collection");
            }
        }
        return LeaseTables.open(db, versionRecord);
    }
}

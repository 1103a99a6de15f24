package io.tandem.store.mapdb;

import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.Consumer;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The MapDB collections of a checkpoint file: leases by address and the last journal record the file holds. The
 * file is written without MapDB transactions (crash safety comes from the journal and the second checkpoint file,
 * see {@link CheckpointFiles}); {@link #checkpoint} syncs it once per checkpoint.
 *
 * <p>Schema version 1 files also held a client index, from when requests read the files; requests read the
 * {@link LeaseView} now, which indexes clients in memory, and keeping the file's index was half of a loaded
 * server's garbage. The first checkpoint into a version 1 file empties that index and marks the file version 2.
 */
final class LeaseTables {

    static final String LEASES = "leases";
    /** Schema version 1's client index, emptied when its file becomes version 2. */
    static final String LEGACY_CLIENT_INDEX = "clientIndex";
    /** Kept under its first name, from when every group was a MapDB commit, so that the schema did not change. */
    static final String JOURNAL_SEQUENCE = "commitSequence";
    /** The collections every schema version has. */
    static final String[] COLLECTIONS = {LEASES, JOURNAL_SEQUENCE};

    private final DB db;
    /** Keyed by the unsigned address, so MapDB's signed long order is address order. */
    private final BTreeMap<Long, Lease> leases;
    /** The last journal record this file holds. */
    private final Atomic.Long journalSequence;
    private final Atomic.Integer schemaVersion;
    /** A version 1 file's client index, until a checkpoint has emptied it; else null. */
    private NavigableSet<byte[]> legacyClientIndex;

    private LeaseTables(DB db, BTreeMap<Long, Lease> leases, Atomic.Long journalSequence,
            Atomic.Integer schemaVersion, NavigableSet<byte[]> legacyClientIndex) {
        this.db = db;
        this.leases = leases;
        this.journalSequence = journalSequence;
        this.schemaVersion = schemaVersion;
        this.legacyClientIndex = legacyClientIndex;
    }

    /** Creates empty collections in a new store whose meta record says {@code schemaVersion}. */
    static LeaseTables create(DB db, Atomic.Integer schemaVersion) {
        // Values outside the B-tree nodes: a checkpoint that replaces a lease rewrites that lease's record only,
        // instead of deserializing and rewriting every lease of its node (78 % of the allocations under load).
        // MapDB keeps the choice in the file, so stores created before it open as they were.
        return new LeaseTables(db, leasesMaker(db).valuesOutsideNodesEnable().create(),
                db.atomicLong(JOURNAL_SEQUENCE).create(), schemaVersion, null);
    }

    /** Opens the collections of an existing store of {@code schemaVersion}; the caller has checked they exist. */
    static LeaseTables open(DB db, Atomic.Integer schemaVersion) {
        NavigableSet<byte[]> legacyIndex = schemaVersion.get() == 1 && db.exists(LEGACY_CLIENT_INDEX)
                ? db.treeSet(LEGACY_CLIENT_INDEX, Serializer.BYTE_ARRAY).open() : null;
        return new LeaseTables(db, leasesMaker(db).open(), db.atomicLong(JOURNAL_SEQUENCE).open(), schemaVersion,
                legacyIndex);
    }

    private static DB.TreeMapMaker<Long, Lease> leasesMaker(DB db) {
        // counterEnable keeps size() O(1) instead of a walk over every leaf.
        return db.treeMap(LEASES, Serializer.LONG_DELTA, new LeaseSerializer()).counterEnable();
    }

    Optional<Lease> get(Ipv4Address address) {
        return Optional.ofNullable(leases.get(address.toUnsigned()));
    }

    boolean contains(Ipv4Address address) {
        return leases.containsKey(address.toUnsigned());
    }

    void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        if (first.compareTo(last) > 0) {
            return;
        }
        leases.valueIterator(first.toUnsigned(), true, last.toUnsigned(), true).forEachRemaining(visitor);
    }

    long size() {
        return leases.sizeLong();
    }

    long journalSequence() {
        return journalSequence.get();
    }

    /**
     * Stores {@code leases}, records that the file now holds journal record {@code sequence}, brings a version 1
     * file to the current version, and syncs the file. Not atomic: a crash in here leaves the file half-written,
     * which {@link CheckpointFiles} detects and repairs.
     */
    void checkpoint(List<Lease> leases, long sequence) {
        for (Lease lease : leases) {
            this.leases.put(lease.address().toUnsigned(), lease);
        }
        journalSequence.set(sequence);
        if (schemaVersion.get() < StoreSchema.CURRENT_VERSION) {
            if (legacyClientIndex != null) {
                legacyClientIndex.clear();
            }
            schemaVersion.set(StoreSchema.CURRENT_VERSION);
        }
        db.commit();
        legacyClientIndex = null;
    }

    void close() {
        db.close();
    }

    /**
     * Reads the first and last lease record: cheap enough for every open, and it catches a file whose tree or
     * serialized leases are unreadable at either end. Returns a description of the problem, or empty.
     */
    Optional<String> spotCheck() {
        if (!leases.isEmpty()) {
            for (Map.Entry<Long, Lease> end : List.of(leases.firstEntry(), leases.lastEntry())) {
                Optional<String> damage = checkLeaseRecord(end.getKey(), end.getValue());
                if (damage.isPresent()) {
                    return damage;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads every lease record and checks it is stored under its address and counted, so a file repaired after a
     * crash is known whole before it serves. Returns a description of the first problem, or empty.
     */
    Optional<String> verify() {
        long leaseCount = 0;
        for (var entry : leases.entrySet()) {
            Optional<String> damage = checkLeaseRecord(entry.getKey(), entry.getValue());
            if (damage.isPresent()) {
                return damage;
            }
            leaseCount++;
        }
        if (leaseCount != leases.sizeLong()) {
            return Optional.of("lease count is " + leases.sizeLong() + " but " + leaseCount + " records were read");
        }
        return Optional.empty();
    }

    private static Optional<String> checkLeaseRecord(long key, Lease lease) {
        if (key != lease.address().toUnsigned()) {
            return Optional.of("lease record for " + lease.address() + " is stored under key " + key);
        }
        return Optional.empty();
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
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
 * The two MapDB collections of a checkpoint file and the rule that keeps them consistent: leases by address, and
 * the client index holding one {@link ClientIndexKey} per lease that names a client. The file is written without
 * MapDB transactions (crash safety comes from the journal and the second checkpoint file, see
 * {@link CheckpointFiles}); {@link #checkpoint} syncs it once per checkpoint.
 */
final class LeaseTables {

    static final String LEASES = "leases";
    static final String CLIENT_INDEX = "clientIndex";
    /** Kept under its first name, from when every group was a MapDB commit, so the schema stays version 1. */
    static final String JOURNAL_SEQUENCE = "commitSequence";
    static final String[] COLLECTIONS = {LEASES, CLIENT_INDEX, JOURNAL_SEQUENCE};

    private final DB db;
    /** Keyed by the unsigned address, so MapDB's signed long order is address order. */
    private final BTreeMap<Long, Lease> leases;
    private final NavigableSet<byte[]> clientIndex;
    /** The last journal record this file holds. */
    private final Atomic.Long journalSequence;

    private LeaseTables(DB db, BTreeMap<Long, Lease> leases, NavigableSet<byte[]> clientIndex,
            Atomic.Long journalSequence) {
        this.db = db;
        this.leases = leases;
        this.clientIndex = clientIndex;
        this.journalSequence = journalSequence;
    }

    /** Creates empty collections in a new store. */
    static LeaseTables create(DB db) {
        // Values outside the B-tree nodes: a checkpoint that replaces a lease rewrites that lease's record only,
        // instead of deserializing and rewriting every lease of its node (78 % of the allocations under load).
        // MapDB keeps the choice in the file, so stores created before it open as they were.
        return new LeaseTables(db, leasesMaker(db).valuesOutsideNodesEnable().create(), indexMaker(db).create(),
                db.atomicLong(JOURNAL_SEQUENCE).create());
    }

    /** Opens the collections of an existing store; the caller has checked they exist. */
    static LeaseTables open(DB db) {
        return new LeaseTables(db, leasesMaker(db).open(), indexMaker(db).open(),
                db.atomicLong(JOURNAL_SEQUENCE).open());
    }

    private static DB.TreeMapMaker<Long, Lease> leasesMaker(DB db) {
        // counterEnable keeps size() O(1) instead of a walk over every leaf.
        return db.treeMap(LEASES, Serializer.LONG_DELTA, new LeaseSerializer()).counterEnable();
    }

    private static DB.TreeSetMaker<byte[]> indexMaker(DB db) {
        return db.treeSet(CLIENT_INDEX, Serializer.BYTE_ARRAY);
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
     * Stores {@code leases}, records that the file now holds journal record {@code sequence}, and syncs the file.
     * Not atomic: a crash in here leaves the file half-written, which {@link CheckpointFiles} detects and repairs.
     */
    void checkpoint(List<Lease> leases, long sequence) {
        leases.forEach(this::put);
        journalSequence.set(sequence);
        db.commit();
    }

    /** Stores {@code lease}, moving its index entry if the client changed. */
    private void put(Lease lease) {
        Ipv4Address address = lease.address();
        Lease previous = leases.put(address.toUnsigned(), lease);
        ClientId before = previous == null ? null : previous.client();
        ClientId after = lease.client();
        if (before != null && !before.equals(after)) {
            clientIndex.remove(ClientIndexKey.of(before, address));
        }
        if (after != null && !after.equals(before)) {
            clientIndex.add(ClientIndexKey.of(after, address));
        }
    }

    void close() {
        db.close();
    }

    /**
     * Reads the first and last record of both collections: cheap enough for every open, and it catches a file
     * whose tree or serialized leases are unreadable at either end. Returns a description of the problem, or empty.
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
        if (!clientIndex.isEmpty()) {
            for (byte[] key : List.of(clientIndex.first(), clientIndex.last())) {
                Optional<String> damage = checkIndexEntry(key);
                if (damage.isPresent()) {
                    return damage;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads every record of both collections and checks that they agree, so a file repaired after a crash is
     * known whole before it serves. Returns a description of the first problem, or empty.
     */
    Optional<String> verify() {
        long leaseCount = 0;
        long withClient = 0;
        for (var entry : leases.entrySet()) {
            Lease lease = entry.getValue();
            Optional<String> damage = checkLeaseRecord(entry.getKey(), lease);
            if (damage.isPresent()) {
                return damage;
            }
            leaseCount++;
            withClient += lease.client() == null ? 0 : 1;
        }
        if (leaseCount != leases.sizeLong()) {
            return Optional.of("lease count is " + leases.sizeLong() + " but " + leaseCount + " records were read");
        }
        // Every entry names a lease of its client, and there are as many entries as such leases: a bijection.
        long indexCount = 0;
        for (byte[] key : clientIndex) {
            Optional<String> damage = checkIndexEntry(key);
            if (damage.isPresent()) {
                return damage;
            }
            indexCount++;
        }
        if (indexCount != withClient) {
            return Optional.of("client index has " + indexCount + " entries but " + withClient
                    + " leases name a client");
        }
        return Optional.empty();
    }

    private static Optional<String> checkLeaseRecord(long key, Lease lease) {
        if (key != lease.address().toUnsigned()) {
            return Optional.of("lease record for " + lease.address() + " is stored under key " + key);
        }
        return Optional.empty();
    }

    private Optional<String> checkIndexEntry(byte[] key) {
        ClientId client = ClientIndexKey.clientOf(key);
        Ipv4Address address = ClientIndexKey.addressOf(key);
        Lease lease = leases.get(address.toUnsigned());
        if (lease == null || !client.equals(lease.client())) {
            return Optional.of("client index lists " + address + " for " + client + " but the lease there is "
                    + lease);
        }
        return Optional.empty();
    }
}

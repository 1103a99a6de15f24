package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.Consumer;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The two MapDB collections of a lease store and the rule that keeps them consistent: leases by address, and
 * the client index holding one {@link ClientIndexKey} per lease that names a client. Both change inside the
 * same MapDB transaction; {@link #commit} makes them durable together.
 */
final class LeaseTables {

    static final String LEASES = "leases";
    static final String CLIENT_INDEX = "clientIndex";
    static final String COMMIT_SEQUENCE = "commitSequence";
    static final String[] COLLECTIONS = {LEASES, CLIENT_INDEX, COMMIT_SEQUENCE};

    private final DB db;
    /** Keyed by the unsigned address, so MapDB's signed long order is address order. */
    private final BTreeMap<Long, Lease> leases;
    private final NavigableSet<byte[]> clientIndex;
    /** Counts committed groups; equal in the store file and its mirror when both hold the same groups. */
    private final Atomic.Long commitSequence;

    private LeaseTables(DB db, BTreeMap<Long, Lease> leases, NavigableSet<byte[]> clientIndex,
            Atomic.Long commitSequence) {
        this.db = db;
        this.leases = leases;
        this.clientIndex = clientIndex;
        this.commitSequence = commitSequence;
    }

    /** Creates empty collections in a new store. */
    static LeaseTables create(DB db) {
        return new LeaseTables(db, leasesMaker(db).create(), indexMaker(db).create(),
                db.atomicLong(COMMIT_SEQUENCE).create());
    }

    /** Opens the collections of an existing store; the caller has checked they exist. */
    static LeaseTables open(DB db) {
        return new LeaseTables(db, leasesMaker(db).open(), indexMaker(db).open(),
                db.atomicLong(COMMIT_SEQUENCE).open());
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

    /**
     * The leases the index lists for {@code client}. Each is checked against the primary map, so a read racing
     * a commit never returns a lease that no longer names the client.
     */
    List<Lease> findByClient(ClientId client) {
        List<Lease> found = new ArrayList<>();
        for (byte[] key : clientIndex.subSet(ClientIndexKey.first(client), true, ClientIndexKey.last(client), true)) {
            Lease lease = leases.get(ClientIndexKey.addressOf(key).toUnsigned());
            if (lease != null && client.equals(lease.client())) {
                found.add(lease);
            }
        }
        return found;
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

    long commitSequence() {
        return commitSequence.get();
    }

    /**
     * Stores {@code group} in one transaction and commits it; returns once it is on disk.
     *
     * @throws RuntimeException if it could not; the caller then {@linkplain #rollback() rolls back}
     */
    void commitGroup(List<Lease> group) {
        group.forEach(this::put);
        commitSequence.incrementAndGet();
        db.commit();
    }

    /** Stores {@code lease} in the current transaction, moving its index entry if the client changed. */
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

    void rollback() {
        db.rollback();
    }

    void close() {
        db.close();
    }

    /**
     * Reads every record of both collections and checks that they agree, so a damaged file fails at open
     * instead of at the first unlucky lookup, and a crash that broke the index is caught. Returns a description of the first problem, or empty.
     */
    Optional<String> verify() {
        long leaseCount = 0;
        long withClient = 0;
        for (var entry : leases.entrySet()) {
            Lease lease = entry.getValue();
            if (entry.getKey() != lease.address().toUnsigned()) {
                return Optional.of("lease record for " + lease.address() + " is stored under key " + entry.getKey());
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
            ClientId client = ClientIndexKey.clientOf(key);
            Ipv4Address address = ClientIndexKey.addressOf(key);
            Lease lease = leases.get(address.toUnsigned());
            if (lease == null || !client.equals(lease.client())) {
                return Optional.of("client index lists " + address + " for " + client + " but the lease there is "
                        + lease);
            }
            indexCount++;
        }
        if (indexCount != withClient) {
            return Optional.of("client index has " + indexCount + " entries but " + withClient
                    + " leases name a client");
        }
        return Optional.empty();
    }
}

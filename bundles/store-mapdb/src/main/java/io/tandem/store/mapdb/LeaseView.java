package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * What readers see: the pending leases (journaled, not yet checkpointed) over the store file. A pending lease
 * wins over the file's lease of the same address. Since a lease leaves {@link PendingLeases} only after the file
 * holds it, a read that consults the pending leases before the file never misses an acknowledged lease.
 */
final class LeaseView {

    private final PendingLeases pending;
    private final LeaseTables file;
    /** Addresses with a lease; leases are replaced, never deleted, so only new addresses change it. */
    private final AtomicLong size;

    /** A view of {@code file} and of {@code pending}, which must be empty: leases enter it through {@link #publish}. */
    LeaseView(PendingLeases pending, LeaseTables file) {
        if (pending.size() != 0) {
            throw new IllegalArgumentException("pending leases must start empty, " + pending.size() + " are pending");
        }
        this.pending = pending;
        this.file = file;
        this.size = new AtomicLong(file.size());
    }

    Optional<Lease> get(Ipv4Address address) {
        Optional<Lease> pendingLease = pending.get(address);
        return pendingLease.isPresent() ? pendingLease : file.get(address);
    }

    /**
     * Leases naming {@code client}, in address order. Candidates come from both client indexes, pending first,
     * and each is kept only if the current lease of its address still names the client: a lease that moved from
     * one client to another is reported for the new one only.
     */
    List<Lease> findByClient(ClientId client) {
        Set<Ipv4Address> candidates = new TreeSet<>(pending.addressesOf(client));
        candidates.addAll(file.indexedAddressesOf(client));
        return candidates.stream()
                .map(this::get)
                .flatMap(Optional::stream)
                .filter(lease -> client.equals(lease.client()))
                .toList();
    }

    /** Merges the file's leases in the range with the pending ones, which were copied first. */
    void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        if (first.compareTo(last) > 0) {
            return;
        }
        NavigableMap<Ipv4Address, Lease> pendingRange = pending.range(first, last);
        file.scan(first, last, stored -> {
            Ipv4Address address = stored.address();
            // Pending leases before this address come first; one at this address replaces the file's.
            NavigableMap<Ipv4Address, Lease> before = pendingRange.headMap(address, true);
            boolean replaced = before.containsKey(address);
            before.values().forEach(visitor);
            before.clear();
            if (!replaced) {
                visitor.accept(stored);
            }
        });
        pendingRange.values().forEach(visitor);
    }

    long size() {
        return size.get();
    }

    /**
     * Makes {@code leases} durable with {@code journal}, which returns their journal sequence, then visible.
     * Called by one thread at a time: the replay at open, then the writer. The addresses the store does not hold
     * yet are counted before the journal step, so a failing read of the file fails the group before it is durable.
     */
    void publish(List<Lease> leases, ToLongFunction<List<Lease>> journal) {
        Set<Ipv4Address> fresh = new HashSet<>();
        for (Lease lease : leases) {
            if (pending.get(lease.address()).isEmpty() && !file.contains(lease.address())) {
                fresh.add(lease.address());
            }
        }
        pending.apply(journal.applyAsLong(leases), leases);
        size.addAndGet(fresh.size());
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * What readers see: every stored lease, held in memory and indexed by address and by client, as ISC dhcpd and
 * Kea's memfile keep theirs. Loaded from the checkpoint file at open, then changed only by {@link #publish}, after
 * the journal made a change durable. Reads therefore never touch MapDB, which the request path would otherwise
 * pay for several times per exchange; the files are for durability only. Costs about 600 bytes of heap per lease
 * (bench/README.md).
 */
final class LeaseView {

    private final PendingLeases pending;
    private final ConcurrentSkipListMap<Ipv4Address, Lease> leases = new ConcurrentSkipListMap<>();
    private final Map<ClientId, Set<Ipv4Address>> byClient = new ConcurrentHashMap<>();
    /** leases.size(), which the skip list can only count by walking it. */
    private final AtomicLong size = new AtomicLong();

    /**
     * A view of {@code file} and of {@code pending}, which must be empty: leases enter it through {@link #publish}.
     */
    LeaseView(PendingLeases pending, LeaseTables file) {
        if (pending.size() != 0) {
            throw new IllegalArgumentException("pending leases must start empty, " + pending.size() + " are pending");
        }
        this.pending = pending;
        file.scan(Ipv4Address.ANY, Ipv4Address.BROADCAST, this::put);
    }

    Optional<Lease> get(Ipv4Address address) {
        return Optional.ofNullable(leases.get(address));
    }

    /**
     * Leases naming {@code client}, in address order. Each indexed address is kept only if its lease still names
     * the client: a reader racing the writer may see the index a moment before the lease.
     */
    List<Lease> findByClient(ClientId client) {
        Set<Ipv4Address> addresses = byClient.get(client);
        if (addresses == null) {
            return List.of();
        }
        return addresses.stream().sorted()
                .map(leases::get)
                .filter(lease -> lease != null && client.equals(lease.client()))
                .toList();
    }

    void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        if (first.compareTo(last) > 0) {
            return;
        }
        leases.subMap(first, true, last, true).values().forEach(visitor);
    }

    long size() {
        return size.get();
    }

    /**
     * Makes {@code leases} durable with {@code journal}, which returns their journal sequence, then visible.
     * Called by one thread at a time: the replay at open, then the writer.
     */
    void publish(List<Lease> changed, ToLongFunction<List<Lease>> journal) {
        pending.apply(journal.applyAsLong(changed), changed);
        changed.forEach(this::put);
    }

    private void put(Lease lease) {
        if (lease.client() != null) {
            byClient.computeIfAbsent(lease.client(), client -> ConcurrentHashMap.newKeySet()).add(lease.address());
        }
        Lease previous = leases.put(lease.address(), lease);
        if (previous == null) {
            size.incrementAndGet();
        } else if (previous.client() != null && !previous.client().equals(lease.client())) {
            byClient.computeIfPresent(previous.client(), (client, addresses) -> {
                addresses.remove(lease.address());
                return addresses.isEmpty() ? null : addresses;
            });
        }
    }
}

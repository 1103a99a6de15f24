package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * What readers see: every stored lease, held in memory and indexed by address and by client, as ISC dhcpd and
 * Kea's memfile keep theirs. Loaded from the checkpoint file at open, then changed only by {@link #publish}, after
 * the journal made a change durable. Reads therefore never touch MapDB, which the request path would otherwise
 * pay for several times per exchange; the files are for durability only. Costs about 600 bytes of heap per lease
 * (bench/README.md).
 *
 * <p>Leases are held in blocks of 256 addresses (a /24), the blocks hashed and in address order: a lookup is a
 * hash lookup among the few, often-read blocks and an array index, so a lookup of a random address (a policy
 * spreading clients over the pool) costs about what a lookup of the last address's neighbour does. A search tree
 * over every address would miss the processor's cache at most of its levels.
 */
final class LeaseView {

    private static final int BLOCK_SIZE = 256;

    private final PendingLeases pending;
    /**
     * Blocks by address >>> 8, in order for scans and hashed for lookups; a block's slots by the address's last
     * byte. Blocks are never removed; only the writer adds them, to the hashed map last.
     */
    private final ConcurrentSkipListMap<Integer, AtomicReferenceArray<Lease>> blocks = new ConcurrentSkipListMap<>();
    private final Map<Integer, AtomicReferenceArray<Lease>> blocksByPrefix = new ConcurrentHashMap<>();
    /**
     * The addresses whose lease names each client, as small immutable lists (nearly always one address): a set per
     * client cost about 250 bytes more per lease, all of it copied by every young garbage collection under load.
     * Only the writer changes an entry, by replacing it.
     */
    private final Map<ClientId, List<Ipv4Address>> byClient = new ConcurrentHashMap<>();
    /** How many leases are held, which the blocks could only count by walking them. */
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
        return Optional.ofNullable(leaseAt(address));
    }

    private Lease leaseAt(Ipv4Address address) {
        AtomicReferenceArray<Lease> block = blocksByPrefix.get(blockOf(address));
        return block == null ? null : block.get(slotOf(address));
    }

    /**
     * Leases naming {@code client}, in address order. Each indexed address is kept only if its lease still names
     * the client: a reader racing the writer may see the index a moment before the lease.
     */
    List<Lease> findByClient(ClientId client) {
        List<Ipv4Address> addresses = byClient.getOrDefault(client, List.of());
        if (addresses.isEmpty()) {
            return List.of();
        }
        return addresses.stream().sorted()
                .map(this::leaseAt)
                .filter(lease -> lease != null && client.equals(lease.client()))
                .toList();
    }

    void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        if (first.compareTo(last) > 0) {
            return;
        }
        int firstBlock = blockOf(first);
        int lastBlock = blockOf(last);
        blocks.subMap(firstBlock, true, lastBlock, true).forEach((block, slots) -> {
            int from = block == firstBlock ? slotOf(first) : 0;
            int to = block == lastBlock ? slotOf(last) : BLOCK_SIZE - 1;
            for (int slot = from; slot <= to; slot++) {
                Lease lease = slots.get(slot);
                if (lease != null) {
                    visitor.accept(lease);
                }
            }
        });
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
        Ipv4Address address = lease.address();
        if (lease.client() != null) {
            byClient.compute(lease.client(), (client, addresses) -> with(addresses, address));
        }
        Lease previous = blocksByPrefix.computeIfAbsent(blockOf(address), prefix -> {
            AtomicReferenceArray<Lease> block = new AtomicReferenceArray<>(BLOCK_SIZE);
            blocks.put(prefix, block);
            return block;
        }).getAndSet(slotOf(address), lease);
        if (previous == null) {
            size.incrementAndGet();
        } else if (previous.client() != null && !previous.client().equals(lease.client())) {
            byClient.computeIfPresent(previous.client(), (client, addresses) -> without(addresses, address));
        }
    }

    /** The block of {@code address}: its first 24 bits, so that block order is address order. */
    private static int blockOf(Ipv4Address address) {
        return address.value() >>> 8;
    }

    private static int slotOf(Ipv4Address address) {
        return address.value() & (BLOCK_SIZE - 1);
    }

    private static List<Ipv4Address> with(List<Ipv4Address> addresses, Ipv4Address address) {
        if (addresses == null) {
            return List.of(address);
        }
        if (addresses.contains(address)) {
            return addresses;
        }
        List<Ipv4Address> grown = new ArrayList<>(addresses);
        grown.add(address);
        return List.copyOf(grown);
    }

    /** {@code addresses} without {@code address}, or null (no entry) when none is left. */
    private static List<Ipv4Address> without(List<Ipv4Address> addresses, Ipv4Address address) {
        List<Ipv4Address> kept = addresses.stream().filter(other -> !other.equals(address)).toList();
        return kept.isEmpty() ? null : kept;
    }
}

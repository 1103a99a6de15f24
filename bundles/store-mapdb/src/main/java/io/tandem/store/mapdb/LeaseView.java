package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;

/**
 * What readers see: every stored lease, held in memory and indexed by address and by client, as ISC dhcpd and
 * Kea's memfile keep theirs. Loaded from the checkpoint file at open, then changed only by {@link #publish}, after
 * the journal made a change durable. Reads therefore never touch MapDB, which the request path would otherwise
 * pay for several times per exchange; the files are for durability only.
 *
 * <p>Each lease is held in its record form ({@link LeaseSerializer}, about 90 bytes with its array header) and
 * read back into a new {@link Lease} at every read: the objects of a lease (its times, client, hardware address,
 * the entries of a client map) cost about 375 bytes per lease held, and a million leases are a normal
 * deployment. A read costs a decode of well under a microsecond and a short-lived object.
 *
 * <p>Leases are held in blocks of 256 addresses (a /24), the blocks hashed and in address order: a lookup is a
 * hash lookup among the few, often-read blocks and an array index, so a lookup of a random address (a policy
 * spreading clients over the pool) costs about what a lookup of the last address's neighbour does. A search tree
 * over every address would miss the processor's cache at most of its levels.
 */
final class LeaseView {

    private static final int BLOCK_SIZE = 256;
    private static final LeaseSerializer SERIALIZER = new LeaseSerializer();

    private final PendingLeases pending;
    /**
     * Blocks by address >>> 8, in order for scans and hashed for lookups; a block's slots by the address's last
     * byte. Blocks are never removed; only the writer adds them, to the hashed map last.
     */
    private final ConcurrentSkipListMap<Integer, AtomicReferenceArray<byte[]>> blocks = new ConcurrentSkipListMap<>();
    private final Map<Integer, AtomicReferenceArray<byte[]>> blocksByPrefix = new ConcurrentHashMap<>();
    /** The addresses whose lease names each client, by the client's hash. Only the writer changes it. */
    private final ClientIndex byClient = new ClientIndex();
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
        AtomicReferenceArray<byte[]> block = blocksByPrefix.get(blockOf(address));
        return block == null ? null : decode(block.get(slotOf(address)));
    }

    /**
     * Leases naming {@code client}, in address order. Each indexed address is kept only if its lease still names
     * the client: a reader racing the writer may see the index a moment before the lease.
     */
    List<Lease> findByClient(ClientId client) {
        int[] addresses = byClient.addresses(client.hashCode());
        if (addresses.length == 0) {
            return List.of();
        }
        List<Lease> leases = new ArrayList<>(addresses.length);
        for (int address : addresses) {
            Lease lease = leaseAt(new Ipv4Address(address));
            if (lease != null && client.equals(lease.client())) {
                leases.add(lease);
            }
        }
        leases.sort(Comparator.comparing(Lease::address));
        return leases;
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
                byte[] record = slots.get(slot);
                if (record != null) {
                    visitor.accept(decode(record));
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
        int address = lease.address().value();
        if (lease.client() != null) {
            byClient.add(lease.client().hashCode(), address);
        }
        byte[] previous = blocksByPrefix.computeIfAbsent(blockOf(lease.address()), prefix -> {
            AtomicReferenceArray<byte[]> block = new AtomicReferenceArray<>(BLOCK_SIZE);
            blocks.put(prefix, block);
            return block;
        }).getAndSet(slotOf(lease.address()), encode(lease));
        if (previous == null) {
            size.incrementAndGet();
            return;
        }
        // Kept when the new client shares the hash: its entry is the same one.
        ClientId previousClient = decode(previous).client();
        if (previousClient != null
                && (lease.client() == null || previousClient.hashCode() != lease.client().hashCode())) {
            byClient.remove(previousClient.hashCode(), address);
        }
    }

    private static byte[] encode(Lease lease) {
        DataOutput2 out = new DataOutput2();
        try {
            SERIALIZER.serialize(out, lease);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the lease of " + lease.address(), e);
        }
        return out.copyBytes();
    }

    private static Lease decode(byte[] record) {
        if (record == null) {
            return null;
        }
        try {
            return SERIALIZER.deserialize(new DataInput2.ByteArray(record), record.length);
        } catch (IOException e) {
            // Only this class writes these arrays, from valid leases.
            throw new UncheckedIOException("a lease held in memory cannot be read", e);
        }
    }

    /** The block of {@code address}: its first 24 bits, so that block order is address order. */
    private static int blockOf(Ipv4Address address) {
        return address.value() >>> 8;
    }

    private static int slotOf(Ipv4Address address) {
        return address.value() & (BLOCK_SIZE - 1);
    }
}

package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Builds the free index and the census of a subnet's pools from the store, and queues the end of every ACTIVE or
 * ABANDONED lease in it for the expiry sweep. An address without a stored lease has been free forever.
 *
 * <p>One pass over the stored leases, then one over the pool addresses that have none, with a bit per pool address
 * between them: a map of the subnet's leases would hold every one of them as an object at once, at every start,
 * a million leases in hundreds of megabytes.
 */
final class PoolIndexer {

    private PoolIndexer() {
    }

    static PoolIndex index(SubnetSettings settings, LeaseStore store, FailoverView view, Instant now,
                           ExpiryQueue expiries) {
        List<PoolRange> pools = settings.subnet().pools();
        FreeAddresses free = new FreeAddresses(pools);
        PoolCensus census = new PoolCensus();
        long first = pools.stream().mapToLong(pool -> pool.first().toUnsigned()).min().orElse(0);
        BitSet stored = new BitSet();
        // The pools lie inside the subnet.
        store.scan(settings.subnet().network(), settings.subnet().broadcast(), lease -> {
            if (lease.state() == BindingState.ACTIVE || lease.state() == BindingState.ABANDONED) {
                expiries.add(lease.end(), lease.address());
            }
            if (settings.subnet().inPool(lease.address())) {
                stored.set((int) (lease.address().toUnsigned() - first));
                index(lease.address(), Optional.of(lease), settings, view, now, free, census);
            }
        });
        for (PoolRange pool : pools) {
            for (Ipv4Address address = pool.first(); ; address = address.next()) {
                if (!stored.get((int) (address.toUnsigned() - first))) {
                    index(address, Optional.empty(), settings, view, now, free, census);
                }
                if (address.equals(pool.last())) {
                    break;
                }
            }
        }
        return new PoolIndex(free, census);
    }

    private static void index(Ipv4Address address, Optional<Lease> lease, SubnetSettings settings, FailoverView view,
                              Instant now, FreeAddresses free, PoolCensus census) {
        if (settings.reservations().isReserved(address)) {
            return;
        }
        census.add(lease.map(Lease::state).orElse(BindingState.FREE));
        if (Ownership.mayAllocate(lease, view, now)) {
            free.add(address, lease.map(Lease::end).orElse(Instant.EPOCH));
        }
    }
}

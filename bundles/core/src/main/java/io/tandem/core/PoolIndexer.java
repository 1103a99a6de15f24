package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the free index and the census of a subnet's pools from the store, and queues the end of every ACTIVE or ABANDONED lease in it
 * for the expiry sweep. An address without a stored lease has been free forever.
 */
final class PoolIndexer {

    private PoolIndexer() {
    }

    static PoolIndex index(SubnetSettings settings, LeaseStore store, FailoverView view, Instant now,
                               ExpiryQueue expiries) {
        // One pass over the subnet's stored leases: the pools lie inside it.
        Map<Ipv4Address, Lease> stored = new HashMap<>();
        store.scan(settings.subnet().network(), settings.subnet().broadcast(), lease -> {
            stored.put(lease.address(), lease);
            if (lease.state() == BindingState.ACTIVE || lease.state() == BindingState.ABANDONED) {
                expiries.add(lease.end(), lease.address());
            }
        });
        FreeAddresses free = new FreeAddresses(settings.subnet().pools());
        PoolCensus census = new PoolCensus();
        for (PoolRange pool : settings.subnet().pools()) {
            for (Ipv4Address address = pool.first(); ; address = address.next()) {
                Lease lease = stored.get(address);
                if (!settings.reservations().isReserved(address)) {
                    census.add(lease == null ? BindingState.FREE : lease.state());
                    if (Ownership.mayAllocate(Optional.ofNullable(lease), view, now)) {
                        free.add(address, lease == null ? Instant.EPOCH : lease.end());
                    }
                }
                if (address.equals(pool.last())) {
                    break;
                }
            }
        }
        return new PoolIndex(free, census);
    }
}

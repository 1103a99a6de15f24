package io.tandem.api;

import io.tandem.protocol.Ipv4Address;
import java.util.Optional;

/**
 * The addresses of one subnet's pools that this server may allocate to a new client right now: free in the store,
 * not held for another client's offer, not reserved, and ours in the current failover state. A live view for one
 * request: another client's exchange may take an address meanwhile, and core checks the proposal again.
 */
public interface AllocatableAddresses {

    /** About how many addresses may be allocated. */
    long size();

    /** True if {@code address} may be allocated. */
    boolean contains(Ipv4Address address);

    /** The allocatable address whose lease has been free the longest, if any. */
    Optional<Ipv4Address> longestFree();

    /**
     * The first allocatable address at or after {@code start} in address order, continuing from the lowest pool
     * address after the highest. Looks at a bounded number of candidates, so it may come back empty while an
     * address far away is still allocatable; {@link #longestFree()} is the answer then.
     */
    Optional<Ipv4Address> firstFrom(Ipv4Address start);
}

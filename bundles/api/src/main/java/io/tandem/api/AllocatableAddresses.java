package io.tandem.api;

import io.tandem.protocol.Ipv4Address;
import java.util.Optional;

/**
 * The addresses of one subnet that this server may allocate to a new client right now: free in the store, not
 * held for another client's offer, and ours in the current failover state. A read-only snapshot for one request.
 */
public interface AllocatableAddresses {

    /** How many addresses may be allocated. */
    long size();

    /** True if {@code address} may be allocated. */
    boolean contains(Ipv4Address address);

    /** The allocatable address whose lease has been free the longest, if any. */
    Optional<Ipv4Address> longestFree();
}

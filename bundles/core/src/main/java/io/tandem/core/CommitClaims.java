package io.tandem.core;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses a store commit is writing. From before the commit starts until it has completed or failed, an
 * address belongs to that commit: no other exchange may hold, offer or bind it, and it stays out of the free
 * index. While the store does not show the batch yet, this is the only sign the address is taken.
 *
 * <p>A claim remembers since when its address was free if it left the free index while claimed (a lapsed offer of
 * it swept meanwhile, say), so that a failed commit can put it back there. Thread-safe.
 */
final class CommitClaims {

    /** Marks a claim without a free time to give back. */
    private static final Instant NOT_FREE = Instant.MIN;

    private final Map<Ipv4Address, Instant> claimed = new HashMap<>();

    /** Claims every address of {@code addresses}, or none if one of them is claimed already. */
    synchronized boolean claim(Collection<Ipv4Address> addresses) {
        for (Ipv4Address address : addresses) {
            if (claimed.containsKey(address)) {
                return false;
            }
        }
        addresses.forEach(address -> claimed.put(address, NOT_FREE));
        return true;
    }

    synchronized boolean isClaimed(Ipv4Address address) {
        return claimed.containsKey(address);
    }

    /** Every claimed address. */
    synchronized List<Ipv4Address> addresses() {
        return List.copyOf(claimed.keySet());
    }

    /** Remembers that the claimed {@code address} would have been free since {@code since} if it were not claimed. */
    synchronized void wouldBeFree(Ipv4Address address, Instant since) {
        claimed.replace(address, since);
    }

    /** Ends the claim of {@code address}; returns since when it would have been free, if it would. */
    synchronized Optional<Instant> end(Ipv4Address address) {
        Instant since = claimed.remove(address);
        return since == null || since == NOT_FREE ? Optional.empty() : Optional.of(since);
    }
}

package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of this server's free addresses to give its peer, by ISC dhcpd's rule (reference §4). With {@code lts} the
 * leases to send for an even split and {@code hold} the ownership slack, two walks over this server's free
 * addresses, free the longest first: the first gives those whose last client hashes to the peer until the peer
 * holds {@code hold} more than half (a returning client then finds its address with the server that answers it);
 * the second gives any until this server keeps at most {@code hold} more than half of the used addresses, and no
 * more than half of the never-used ones.
 */
final class PoolBalancer {

    private record Candidate(Ipv4Address address, Optional<Lease> lease) {
        /** ISC's "ends != 0": a lease that was bound once; never-used addresses are split evenly. */
        boolean used() {
            return lease.map(Lease::end).filter(end -> end.isAfter(Lease.UNSET)).isPresent();
        }
    }

    /**
     * One subnet's run, decided before anything moves.
     *
     * @param toGive the addresses to give the peer, in order
     * @param shares the split the decision started from
     */
    record Plan(List<Ipv4Address> toGive, PoolShares shares) {
    }

    private PoolBalancer() {
    }

    static Plan plan(ServedSubnet served, LeaseStore store, FailoverView view) {
        PoolShares shares = PoolShares.of(served, store, view);
        long toSend = shares.toSend();
        long hold = shares.hold(view);
        List<Candidate> ours = ownFreeOldestFirst(served, store, view);
        Set<Ipv4Address> chosen = new LinkedHashSet<>();
        for (Candidate candidate : ours) {
            if (toSend <= -hold) {
                break;
            }
            if (lastClientIsPeers(candidate.lease(), view)) {
                chosen.add(candidate.address());
                toSend--;
            }
        }
        for (Candidate candidate : ours) {
            if (chosen.contains(candidate.address())) {
                continue;
            }
            if (toSend <= (candidate.used() ? hold : 0)) {
                break;
            }
            chosen.add(candidate.address());
            toSend--;
        }
        return new Plan(new ArrayList<>(chosen), shares);
    }

    /**
     * True if the lease's last client would be answered by the peer under load balancing (ISC's
     * {@code peer_wants_lease}, reference §6.3).
     */
    static boolean lastClientIsPeers(Optional<Lease> lease, FailoverView view) {
        return lease.map(Lease::client)
                .filter(client -> !view.ownBuckets().contains(HashBuckets.bucketOf(client))).isPresent();
    }

    /**
     * The free index's addresses in this server's free state (not ABANDONED ones, which the primary may also
     * allocate), free the longest first; offers and commits in flight are not in the index.
     */
    private static List<Candidate> ownFreeOldestFirst(ServedSubnet served, LeaseStore store, FailoverView view) {
        BindingState own = PoolShares.ownFreeState(view);
        List<Candidate> ours = new ArrayList<>();
        for (Ipv4Address address : served.free().oldestFirst()) {
            Optional<Lease> lease = store.get(address);
            if (lease.map(Lease::state).orElse(BindingState.FREE) == own) {
                ours.add(new Candidate(address, lease));
            }
        }
        return ours;
    }
}

package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of this server's free addresses to give its peer so that each holds about half of a pool's free addresses
 * (reference §4): half the difference, first those whose last client hashes to the peer (so that a returning client
 * finds its address with the server that answers it), then those free the longest. ISC's ownership slack
 * (max-lease-ownership) is not applied: the split is even.
 */
final class PoolBalancer {

    private PoolBalancer() {
    }

    /** The peer's free state: what the addresses given to it become. */
    static BindingState peersFreeState(FailoverView view) {
        return view.role() == FailoverRole.PRIMARY ? BindingState.BACKUP : BindingState.FREE;
    }

    static List<Ipv4Address> toGive(ServedSubnet served, LeaseStore store, FailoverView view) {
        BindingState peers = peersFreeState(view);
        long peersCount = 0;
        for (PoolRange pool : served.subnet().pools()) {
            for (Ipv4Address address = pool.first(); ; address = address.next()) {
                // An address no lease was ever stored for is FREE: the primary's, as core treats it everywhere.
                BindingState state = store.get(address).map(Lease::state).orElse(BindingState.FREE);
                if (state == peers && !served.settings().reservations().isReserved(address)) {
                    peersCount++;
                }
                if (address.equals(pool.last())) {
                    break;
                }
            }
        }
        List<Ipv4Address> ours = served.free().oldestFirst();
        long toGive = (ours.size() - peersCount) / 2;
        if (toGive <= 0) {
            return List.of();
        }
        Set<Ipv4Address> chosen = new LinkedHashSet<>();
        for (Ipv4Address address : ours) {
            if (chosen.size() < toGive && lastClientIsPeers(store.get(address), view)) {
                chosen.add(address);
            }
        }
        for (Ipv4Address address : ours) {
            if (chosen.size() < toGive) {
                chosen.add(address);
            }
        }
        return new ArrayList<>(chosen);
    }

    private static boolean lastClientIsPeers(Optional<Lease> lease, FailoverView view) {
        return lease.map(Lease::client)
                .filter(client -> !view.ownBuckets().contains(LoadBalancer.bucket(client))).isPresent();
    }
}

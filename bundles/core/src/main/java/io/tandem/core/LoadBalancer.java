package io.tandem.core;

import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.ClientId;

/**
 * Which server of a pair answers a DHCPDISCOVER (RFC 3074, as ISC dhcpd applies it): only in NORMAL, only when
 * load balancing is on ({@code loadBalanceMaxSeconds} above 0) and the client has not been trying longer than that,
 * does the client's hash bucket decide; otherwise both servers answer. A client of the peer's buckets is answered
 * here too while the peer has no free address left in the subnet (ISC's "cancel load balance to peer - no free
 * leases"): a starved server's clients are served until balancing gives it addresses again. REQUESTs are never load
 * balanced.
 */
final class LoadBalancer {

    private LoadBalancer() {
    }

    /**
     * True if this server answers {@code client}'s DISCOVER in {@code served}, which says it has been trying for
     * {@code secs}.
     */
    static boolean answersDiscover(FailoverView view, ServedSubnet served, ClientId client, int secs) {
        if (!view.paired() || view.state() != FailoverState.NORMAL || view.loadBalanceMaxSeconds() == 0
                || secs > view.loadBalanceMaxSeconds()) {
            return true;
        }
        return view.ownBuckets().contains(HashBuckets.bucketOf(client))
                || served.census().count(PoolShares.peersFreeState(view)) == 0;
    }
}

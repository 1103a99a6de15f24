package io.tandem.core;

import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.ClientId;

/**
 * Which server of a pair answers a DHCPDISCOVER (RFC 3074, as ISC dhcpd applies it): only in NORMAL, only when
 * load balancing is on ({@code loadBalanceMaxSeconds} above 0) and the client has not been trying longer than that,
 * does the client's hash bucket decide; otherwise both servers answer. REQUESTs are never load balanced.
 */
final class LoadBalancer {

    private LoadBalancer() {
    }

    /** True if this server answers {@code client}'s DISCOVER, which says it has been trying for {@code secs}. */
    static boolean answersDiscover(FailoverView view, ClientId client, int secs) {
        if (!view.paired() || view.state() != FailoverState.NORMAL || view.loadBalanceMaxSeconds() == 0
                || secs > view.loadBalanceMaxSeconds()) {
            return true;
        }
        return view.ownBuckets().contains(HashBuckets.bucketOf(client));
    }
}

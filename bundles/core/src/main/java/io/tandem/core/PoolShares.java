package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;

/**
 * How the free addresses of a served subnet's pools are shared between the two servers of a pair (reference §4):
 * this server's (the primary's FREE, the secondary's BACKUP) and the peer's, reserved addresses left out. An address
 * no lease was ever stored for is FREE, the primary's, as core treats it everywhere. ISC counts per pool; a
 * subnet's pools are counted together here because core balances them together.
 *
 * @param own addresses in this server's free state
 * @param peers addresses in the peer's free state
 */
record PoolShares(long own, long peers) {

    static PoolShares of(ServedSubnet served, LeaseStore store, FailoverView view) {
        BindingState ownState = ownFreeState(view);
        BindingState peersState = peersFreeState(view);
        long own = 0;
        long peers = 0;
        for (PoolRange pool : served.subnet().pools()) {
            for (Ipv4Address address = pool.first(); ; address = address.next()) {
                if (!served.settings().reservations().isReserved(address)) {
                    BindingState state = stateOf(store, address);
                    own += state == ownState ? 1 : 0;
                    peers += state == peersState ? 1 : 0;
                }
                if (address.equals(pool.last())) {
                    break;
                }
            }
        }
        return new PoolShares(own, peers);
    }

    /** This server's free state: what it may allocate in NORMAL. */
    static BindingState ownFreeState(FailoverView view) {
        return view.role() == FailoverRole.SECONDARY ? BindingState.BACKUP : BindingState.FREE;
    }

    /** The peer's free state: what the addresses given to it become. */
    static BindingState peersFreeState(FailoverView view) {
        return view.role() == FailoverRole.PRIMARY ? BindingState.BACKUP : BindingState.FREE;
    }

    /** The stored state of {@code address}; FREE when nothing was ever stored for it. */
    private static BindingState stateOf(LeaseStore store, Ipv4Address address) {
        return store.get(address).map(Lease::state).orElse(BindingState.FREE);
    }

    long total() {
        return own + peers;
    }

    /**
     * ISC's "leases to send": how many of ours would make the split even (integer division, as ISC's); negative
     * when the peer holds more than half.
     */
    long toSend() {
        return (own - peers) / 2;
    }

    /** ISC's hold: how far beyond an even split a server may hold leases, max-lease-ownership percent of the total. */
    long hold(FailoverView view) {
        return percentOfTotal(view.maxLeaseOwnership());
    }

    /** ISC's threshold: max-lease-misbalance percent of the total. */
    long threshold(FailoverView view) {
        return percentOfTotal(view.maxLeaseMisbalance());
    }

    /** Rounded to the nearest lease, halves up, as ISC rounds. */
    private long percentOfTotal(int percent) {
        return (total() * percent + 50) / 100;
    }
}

package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Optional;

/**
 * How the free addresses of a served subnet's pools are shared between the two servers of a pair (reference §4):
 * this server's (the primary's FREE, the secondary's BACKUP) and the peer's, reserved addresses left out. An address
 * no lease was ever stored for is FREE, the primary's, as core treats it everywhere. ISC counts per pool; a
 * subnet's pools are counted together here because core balances them together.
 *
 * @param own addresses in this server's free state
 * @param peers addresses in the peer's free state
 * @param oldestFreeSince since when the address free the longest of both has been free (the end of its last
 *     binding, as the free index orders them; {@link Lease#UNSET} if never used); empty if none is free
 */
record PoolShares(long own, long peers, Optional<Instant> oldestFreeSince) {

    static PoolShares of(ServedSubnet served, LeaseStore store, FailoverView view) {
        BindingState ownState = ownFreeState(view);
        BindingState peersState = peersFreeState(view);
        long own = 0;
        long peers = 0;
        Instant oldest = null;
        for (PoolRange pool : served.subnet().pools()) {
            for (Ipv4Address address = pool.first(); ; address = address.next()) {
                Optional<Lease> lease = store.get(address);
                BindingState state = lease.map(Lease::state).orElse(BindingState.FREE);
                boolean counted = !served.settings().reservations().isReserved(address)
                        && (state == ownState || state == peersState);
                if (counted) {
                    own += state == ownState ? 1 : 0;
                    peers += state == peersState ? 1 : 0;
                    Instant since = lease.map(Lease::end).orElse(Lease.UNSET);
                    oldest = oldest == null || since.isBefore(oldest) ? since : oldest;
                }
                if (address.equals(pool.last())) {
                    break;
                }
            }
        }
        return new PoolShares(own, peers, Optional.ofNullable(oldest));
    }

    /** This server's free state: what it may allocate in NORMAL. */
    static BindingState ownFreeState(FailoverView view) {
        return view.role() == FailoverRole.SECONDARY ? BindingState.BACKUP : BindingState.FREE;
    }

    /** The peer's free state: what the addresses given to it become. */
    static BindingState peersFreeState(FailoverView view) {
        return view.role() == FailoverRole.PRIMARY ? BindingState.BACKUP : BindingState.FREE;
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

    /**
     * True if this server holds so few that ISC, on a scheduled run, asks the peer for leases (POOLREQ):
     * {@code lts} below twice the negative threshold (max-lease-misbalance percent of the total), or below -1 when
     * that is 0, so that a lone odd lease does not trigger it.
     */
    boolean shortOfLeases(FailoverView view) {
        long panic = -2 * percentOfTotal(view.maxLeaseMisbalance());
        return toSend() < (panic == 0 ? -1 : panic);
    }

    /** Rounded to the nearest lease, halves up, as ISC rounds. */
    private long percentOfTotal(int percent) {
        return (total() * percent + 50) / 100;
    }
}

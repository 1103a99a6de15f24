package io.tandem.failover.updates;

import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.failover.wire.BindingUpdate;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Paces the binding updates on their way to the peer: which addresses wait, which are sent and not yet
 * acknowledged (never more than the peer's max-unacked-updates), and what each carried. It holds no lease and
 * loses nothing in a crash: the durable queue is the store itself, every lease with {@code tstp > atsfp}; each
 * send reads the lease as it is then, and a lease already acknowledged meanwhile is skipped. One address is in
 * flight at most once: a change made while its update travels waits for the acknowledgement. Not thread-safe:
 * the protocol layer calls it from one thread.
 */
final class UpdateWindow {

    /** An update sent and not yet acknowledged: what the acknowledgement confirms. */
    record InFlight(long xid, Ipv4Address address, BindingState state, Instant potentialExpiry) {
    }

    private final LinkedHashSet<Ipv4Address> waiting = new LinkedHashSet<>();
    /** Addresses the peer asked for whatever their state (UPDREQALL): sent even when acknowledged. */
    private final Set<Ipv4Address> forced = new HashSet<>();
    private final Map<Long, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<Ipv4Address, Long> inFlightByAddress = new HashMap<>();
    private int capacity;

    /** The link is up: at most {@code maxUnacked} updates may be outstanding (the peer's CONNECT option 14). */
    void open(int maxUnacked) {
        this.capacity = Math.max(1, maxUnacked);
    }

    /** The link is down: nothing is outstanding any more; what was in flight is sent first on the next link. */
    void close() {
        requeue();
        forced.clear();
        capacity = 0;
    }

    /**
     * What is in flight waits again, first in line, and is sent again as the window allows; a late acknowledgement
     * of the earlier send is ignored. The window stays as open as it was: the link may well be up.
     */
    void requeue() {
        LinkedHashSet<Ipv4Address> again = new LinkedHashSet<>();
        inFlight.values().forEach(sent -> again.add(sent.address()));
        again.addAll(waiting);
        waiting.clear();
        waiting.addAll(again);
        inFlight.clear();
        inFlightByAddress.clear();
    }

    /** Leaves {@code address} out until the next link or request: its lease stays unacknowledged in the store. */
    void drop(Ipv4Address address) {
        waiting.remove(address);
        forced.remove(address);
    }

    /** Addresses whose leases may carry a change for the peer, in the order to send them. */
    void enqueue(Collection<Ipv4Address> addresses) {
        waiting.addAll(addresses);
    }

    /** Addresses to send whether or not the peer acknowledged them: the peer asked for everything (UPDREQALL). */
    void enqueueAll(Collection<Ipv4Address> addresses) {
        waiting.addAll(addresses);
        forced.addAll(addresses);
    }

    /** True when nothing waits and nothing is outstanding: an UPDREQ or UPDREQALL has been answered in full. */
    boolean drained() {
        return waiting.isEmpty() && inFlight.isEmpty();
    }

    /**
     * The updates to send now, as far as the window allows: each address's lease as the store has it, skipped if it
     * is gone or no longer unacknowledged; an address in flight, or {@code heldBack}, stays waiting. A lease whose
     * rewind state is not its state stays waiting too, handed to {@code unannounced}: the peer may hear of its
     * state only once that is recorded ({@link io.tandem.api.PeerBindings#announcing}).
     */
    List<BindingUpdate> take(LeaseStore store, Predicate<Ipv4Address> heldBack, Consumer<Ipv4Address> unannounced,
                             LongSupplier nextXid, Instant now) {
        List<BindingUpdate> toSend = new ArrayList<>();
        // Called at every acknowledgement and every change: it must cost what it sends, not what waits (a backlog
        // of thousands under load made each call walk and rebuild the whole queue).
        Iterator<Ipv4Address> queue = waiting.iterator();
        while (inFlight.size() < capacity && queue.hasNext()) {
            Ipv4Address address = queue.next();
            if (inFlightByAddress.containsKey(address) || heldBack.test(address)) {
                continue;
            }
            boolean asked = forced.contains(address);
            Optional<Lease> lease = store.get(address).filter(stored -> asked || stored.isUnacknowledged());
            if (lease.isPresent() && lease.get().rewind() != lease.get().state()) {
                unannounced.accept(address);
                continue;
            }
            queue.remove();
            forced.remove(address);
            if (lease.isEmpty()) {
                continue;
            }
            long xid = nextXid.getAsLong();
            inFlight.put(xid, new InFlight(xid, address, lease.get().state(), lease.get().tstp()));
            inFlightByAddress.put(address, xid);
            toSend.add(BindingMessages.update(lease.get(), xid, now));
        }
        return toSend;
    }

    /** The update a BNDACK with {@code xid} answers, now no longer outstanding; empty if none is. */
    Optional<InFlight> acknowledged(long xid) {
        InFlight sent = inFlight.remove(xid);
        if (sent != null) {
            inFlightByAddress.remove(sent.address());
        }
        return Optional.ofNullable(sent);
    }

    int outstanding() {
        return inFlight.size();
    }

    int waiting() {
        return waiting.size();
    }

    /** Every address the store holds a lease for: what an UPDREQALL asks for. */
    static List<Ipv4Address> all(LeaseStore store) {
        List<Ipv4Address> addresses = new ArrayList<>();
        store.scan(Ipv4Address.ANY, Ipv4Address.BROADCAST, lease -> addresses.add(lease.address()));
        return addresses;
    }

    /** Every address whose lease the peer has not acknowledged: what a new link, UPDREQ or a restart sends. */
    static List<Ipv4Address> unacknowledged(LeaseStore store) {
        List<Ipv4Address> addresses = new ArrayList<>();
        store.scan(Ipv4Address.ANY, Ipv4Address.BROADCAST, lease -> {
            if (lease.isUnacknowledged()) {
                addresses.add(lease.address());
            }
        });
        return addresses;
    }
}

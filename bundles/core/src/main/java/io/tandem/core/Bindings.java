package io.tandem.core;

import io.tandem.api.FailoverService;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease bookkeeping every exchange goes through: reads the store, holds offers, and commits binding changes
 * together with the in-memory pool index, the expiry queue and the failover peer. Checks invariants 1 and 2 before
 * every commit. Callers serialize per client ({@link ClientLanes}); different clients meet only here.
 *
 * <p>Every commit claims its addresses ({@link CommitClaims}) until it has completed or failed: the store may not
 * show the batch yet, and the claim is what keeps other exchanges off those addresses meanwhile.
 */
final class Bindings {

    private static final Logger LOG = LoggerFactory.getLogger(Bindings.class);

    private final LeaseStore store;
    private final Clock clock;
    private final Supplier<SubnetCatalog> catalog;
    private final Supplier<Optional<FailoverService>> failover;
    private final OfferBook offers = new OfferBook();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final CommitClaims claims = new CommitClaims();

    Bindings(LeaseStore store, Clock clock, Supplier<SubnetCatalog> catalog,
             Supplier<Optional<FailoverService>> failover) {
        this.store = store;
        this.clock = clock;
        this.catalog = catalog;
        this.failover = failover;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    LeaseStore store() {
        return store;
    }

    OfferBook offers() {
        return offers;
    }

    ExpiryQueue expiries() {
        return expiries;
    }

    FailoverView failoverView() {
        return failover.get().map(FailoverService::view).orElse(FailoverView.STANDALONE);
    }

    /** Every stored lease of {@code client} inside {@code subnet}. */
    List<Lease> leasesOf(ClientId client, Subnet subnet) {
        List<Lease> inSubnet = new ArrayList<>();
        for (Lease lease : store.findByClient(client)) {
            if (subnet.contains(lease.address())) {
                inSubnet.add(lease);
            }
        }
        return inSubnet;
    }

    /** The client's binding in {@code leases}: an ACTIVE lease that has not run out, the latest if several. */
    static Optional<Lease> activeBinding(List<Lease> leases, ClientId client, Instant now) {
        Lease best = null;
        for (Lease lease : leases) {
            boolean latest = best == null || lease.cltt().isAfter(best.cltt());
            if (isLive(lease, now) && lease.client().equals(client) && latest) {
                best = lease;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True if the lease binds its address right now: ACTIVE and not yet ended. */
    static boolean isLive(Lease lease, Instant now) {
        return lease.state() == BindingState.ACTIVE && lease.end().isAfter(now);
    }

    /**
     * True if {@code address} may be given to {@code client} as a new binding: a dynamic pool address, free in the
     * index, not held for another client, no commit in flight, and ours to allocate by its stored state (invariant 4).
     */
    boolean isAllocatable(ServedSubnet served, Ipv4Address address, ClientId client) {
        if (!served.isDynamic(address) || !served.free().contains(address) || isBeingTaken(address, client)) {
            return false;
        }
        return Ownership.mayAllocate(store.get(address), failoverView(), now());
    }

    /** Whether another client's offer holds {@code address}, or a commit is writing it: an exchange is taking it. */
    boolean isBeingTaken(Ipv4Address address, ClientId client) {
        return claims.isClaimed(address) || offers.heldAt(address).filter(held -> !held.client().equals(client))
                .isPresent();
    }

    /**
     * Holds {@code address} for the client for {@code holdTime}, taking it out of the free index. Fails, holding
     * nothing, unless the address is in the free index or already held for this client, and no commit is writing
     * it: another client's exchange may have taken it since the caller looked.
     *
     * <p>Every move of an address between the free index and the offer book happens under the offer book's lock,
     * so an address is never both free and held, and never held for two clients.
     */
    boolean hold(ServedSubnet served, Ipv4Address address, ClientId client, HardwareAddress hardware, Duration holdTime) {
        synchronized (offers) {
            if (claims.isClaimed(address)) {
                return false;
            }
            Optional<HeldOffer> own = offers.heldAt(address).filter(offer -> offer.client().equals(client));
            Instant freeSince;
            if (own.isPresent()) {
                // Renewing a client's own hold keeps the time its address became free, to return it to the pool with.
                freeSince = own.get().freeSince();
            } else {
                Optional<Instant> removed = served.free().remove(address);
                // The index may be stale after a reconfiguration raced a commit: the store has the last word.
                if (removed.isEmpty() || !Ownership.mayAllocate(store.get(address), failoverView(), now())) {
                    return false;
                }
                freeSince = removed.get();
            }
            // Another client's hold is ruled out: a held address is never in the free index.
            offers.hold(new HeldOffer(address, client, hardware, freeSince, now().plus(holdTime)))
                    .ifPresent(this::returnToPool);
            return true;
        }
    }

    /**
     * A fresh index of {@code settings}' pools from the store, the free addresses without those held for offers or
     * being committed.
     */
    PoolIndex index(SubnetSettings settings) {
        PoolIndex index = PoolIndexer.index(settings, store, failoverView(), now(), expiries);
        synchronized (offers) {
            offers.all().forEach(offer -> index.free().remove(offer.address()));
            claims.addresses().forEach(index.free()::remove);
        }
        return index;
    }

    /** Drops the client's held offer, if any, and returns its address to the pool. */
    void dropOffer(ClientId client) {
        synchronized (offers) {
            offers.drop(client).ifPresent(this::returnToPool);
        }
    }

    /** Returns lapsed offers to the pool. */
    void sweepOffers() {
        synchronized (offers) {
            offers.removeExpired(now()).forEach(this::returnToPool);
        }
    }

    /** Called with the offer book's lock held. */
    private void returnToPool(HeldOffer offer) {
        if (offer.freeSince() != null) {
            returnToPool(offer.address(), offer.freeSince());
        }
    }

    /**
     * Puts {@code address} in the free index, or, while a commit claims it, leaves it to that commit's end. Called
     * with the offer book's lock held.
     */
    private void returnToPool(Ipv4Address address, Instant freeSince) {
        if (claims.isClaimed(address)) {
            claims.wouldBeFree(address, freeSince);
            return;
        }
        catalog.get().containing(address)
                .filter(served -> served.isDynamic(address))
                .ifPresent(served -> served.free().add(address, freeSince));
    }

    /**
     * Binds {@code address} to the client for {@code leaseSeconds} and releases, in the same batch, any other live
     * binding of that client in the subnet (invariant 1). Completes once the batch is durable (invariant 3).
     *
     * @throws InvariantViolation if the address is bound to, held for or being committed for another client
     *         (invariant 2)
     */
    CompletionStage<Lease> bind(ServedSubnet served, Binding binding) throws InvariantViolation {
        Instant now = now();
        List<Lease> others = otherBindings(binding.client(), binding.address(), served);
        List<Ipv4Address> addresses = new ArrayList<>();
        addresses.add(binding.address());
        others.forEach(other -> addresses.add(other.address()));
        Optional<Lease> stored;
        synchronized (offers) {
            Optional<HeldOffer> held = offers.heldAt(binding.address());
            if (held.isPresent() && !held.get().client().equals(binding.client())) {
                throw new InvariantViolation("address-held-for-other-client");
            }
            claim(served, addresses);
            // Read once claimed: no other commit can change the address until this one ends.
            stored = store.get(binding.address());
            if (stored.isPresent() && isLive(stored.get(), now) && !stored.get().client().equals(binding.client())) {
                unclaim(addresses);
                throw new InvariantViolation("address-bound-to-other-client");
            }
            if (stored.isPresent() && stored.get().state() == BindingState.ABANDONED) {
                unclaim(addresses);
                throw new InvariantViolation("address-abandoned");
            }
        }
        Lease.Builder builder = storedOrNew(stored, binding.address());
        builder.state(BindingState.ACTIVE)
                .client(binding.client())
                .hardware(binding.hardware())
                .start(now)
                .end(now.plusSeconds(binding.lead().granted()))
                .cltt(now)
                .hostname(binding.hostname())
                .relayAgentInfo(binding.relayAgentInfo());
        Instant potentialExpiry = binding.lead().potentialExpiry();
        if (failoverView().paired() && stored.map(Lease::tsfp).filter(potentialExpiry::isBefore).isPresent()) {
            // The peer's word on the lease never runs past what we are about to tell it.
            builder.tsfp(potentialExpiry);
        }
        Lease bound = forPeer(builder, potentialExpiry).build();
        List<Lease> batch = new ArrayList<>();
        batch.add(bound);
        others.forEach(other -> batch.add(released(other, now)));
        return commitClaimed(batch, () -> {
            offers.drop(binding.client()).filter(offer -> !offer.address().equals(binding.address()))
                    .ifPresent(this::returnToPool);
            for (Lease released : batch.subList(1, batch.size())) {
                freed(served, released);
            }
        }).thenApply(durable -> {
            expiries.add(bound.end(), bound.address());
            failover.get().ifPresent(peer -> peer.bindingsChanged(batch));
            return bound;
        });
    }

    /** Ends a live binding as released by its client (DHCPRELEASE or an operator); its client stays on the lease. */
    CompletionStage<Lease> release(ServedSubnet served, Lease active) {
        return release(served, active, false);
    }

    /**
     * Ends a live binding as an operator's release; with {@code forgetClient} the lease no longer names its client,
     * so the client's next renewal is refused and it is not steered back to the address.
     */
    CompletionStage<Lease> release(ServedSubnet served, Lease active, boolean forgetClient) {
        Instant now = now();
        Lease.Builder released = active.toBuilder().state(endedAs(active, BindingState.RELEASED)).end(now).cltt(now);
        if (forgetClient) {
            released.client(null).hardware(null).hostname(null).relayAgentInfo(null);
        }
        return commitOne(served, forPeer(released, now).build());
    }

    /** Ends a binding whose time ran out; its client stays on the lease. */
    CompletionStage<Lease> expire(ServedSubnet served, Lease active) {
        return commitOne(served, forPeer(active.toBuilder().state(endedAs(active, BindingState.EXPIRED)), active.tstp())
                .build());
    }

    /**
     * Takes {@code address} out of use for {@code hold}: {@code decliner} found it in use (DHCPDECLINE). The
     * decliner's offer is dropped only once the abandonment is durable, so no other client is offered the address
     * in between.
     */
    CompletionStage<Lease> abandon(ServedSubnet served, Ipv4Address address, Duration hold, ClientId decliner) {
        Instant now = now();
        try {
            synchronized (offers) {
                claim(served, List.of(address));
            }
        } catch (InvariantViolation inFlight) {
            return CompletableFuture.failedFuture(inFlight);
        }
        Lease.Builder builder = storedOrNew(store.get(address), address);
        Lease abandoned = forPeer(builder.state(BindingState.ABANDONED).client(null).hardware(null).hostname(null)
                .relayAgentInfo(null).start(now).end(now.plus(hold)), now).build();
        return commitClaimed(List.of(abandoned), () -> offers.drop(decliner)
                .filter(offer -> !offer.address().equals(address)).ifPresent(this::returnToPool)
        ).thenApply(durable -> {
            expiries.add(abandoned.end(), address);
            failover.get().ifPresent(peer -> peer.bindingsChanged(List.of(abandoned)));
            return abandoned;
        });
    }

    /** Returns an abandoned address whose hold has ended to the pool. */
    CompletionStage<Lease> reclaim(ServedSubnet served, Lease abandoned) {
        Instant now = now();
        return commitOne(served, forPeer(abandoned.toBuilder().state(BindingState.FREE).start(now).end(now), now)
                .build());
    }

    /**
     * Stores a binding the peer sent and {@link PeerUpdateRules} accepted: the address is claimed like any commit,
     * and once durable leaves the free index if bound (dropping another client's offer of it: the peer bound it
     * first) or returns there if now ours to allocate. Nothing goes back to the peer but the acknowledgement.
     * {@code judgedFrom} is the stored lease the decision was made on.
     *
     * @throws InvariantViolation if another commit of the address is in flight, or the stored lease is no longer
     *         {@code judgedFrom}: the caller decides again
     */
    CompletionStage<Lease> applyPeer(ServedSubnet served, Lease lease, Optional<Lease> judgedFrom)
            throws InvariantViolation {
        return storeFromPeer(served, lease, false, judgedFrom);
    }

    /**
     * Stores {@code freed}, a lease coming back FREE from EXPIRED, RELEASED or RESET (the peer acknowledged ours, or
     * sent its own), as {@link #applyPeer} does; if lease affinity sends it on to the secondary
     * ({@link AffinityMove}), it is stored BACKUP instead, marked for the peer in that same commit, and the peer is
     * told. Completes with the lease as stored.
     *
     * @throws InvariantViolation as {@link #applyPeer} does
     */
    CompletionStage<Lease> returnFree(ServedSubnet served, Lease freed, Optional<Lease> judgedFrom)
            throws InvariantViolation {
        return storeFromPeer(served, freed, true, judgedFrom);
    }

    private CompletionStage<Lease> storeFromPeer(ServedSubnet served, Lease lease, boolean mayMoveOn,
                                                 Optional<Lease> judgedFrom) throws InvariantViolation {
        List<Lease> others = lease.state() == BindingState.ACTIVE
                ? otherBindings(lease.client(), lease.address(), served) : List.of();
        Lease kept = lease;
        for (Lease other : others) {
            if (boundLater(other, kept)) {
                kept = other;
            }
        }
        List<Lease> superseded = new ArrayList<>(others);
        superseded.remove(kept);
        List<Ipv4Address> addresses = new ArrayList<>();
        addresses.add(lease.address());
        superseded.forEach(other -> addresses.add(other.address()));
        synchronized (offers) {
            claim(served, addresses);
            // Read once claimed: a commit that completed after the caller's read (a client's binding, an expiry)
            // would be overwritten by a decision made on the lease as it was.
            if (!store.get(lease.address()).equals(judgedFrom)) {
                unclaim(addresses);
                throw new InvariantViolation("lease-changed-since-judged");
            }
        }
        // Claimed: no exchange changes the addresses until the commit ends, so the decision holds. The binding kept,
        // if ours, stays as it is; its client's lane, which this update holds, keeps the client's exchanges away.
        Instant now = now();
        boolean movesOn = mayMoveOn && AffinityMove.goesToPeer(lease, served, store, failoverView());
        // What the peer sent, or what it does itself once we acknowledge its change, is what it knows of the address.
        Lease stored = movesOn ? givenToPeer(lease.toBuilder(), now).build()
                : kept == lease ? lease.toBuilder().rewind(lease.state()).build() : released(lease, now);
        List<Lease> releasedOthers = superseded.stream().map(other -> released(other, now)).toList();
        List<Lease> batch = new ArrayList<>();
        batch.add(stored);
        batch.addAll(releasedOthers);
        boolean bound = stored.state() == BindingState.ACTIVE;
        return commitClaimed(batch, () -> {
            releasedOthers.forEach(other -> freed(served, other));
            if (!bound) {
                freed(served, stored);
                return;
            }
            offers.heldAt(stored.address()).filter(offer -> !offer.client().equals(stored.client()))
                    .ifPresent(offer -> offers.drop(offer.client()));
        }).thenApply(durable -> {
            if (bound) {
                expiries.add(stored.end(), stored.address());
            }
            List<Lease> forPeer = batch.stream().filter(Lease::isUnacknowledged).toList();
            if (!forPeer.isEmpty()) {
                failover.get().ifPresent(peer -> peer.bindingsChanged(forPeer));
            }
            return stored;
        });
    }

    /**
     * The client's ACTIVE leases in the subnet other than the one at {@code except}: the bindings a new binding of
     * the client ends. A peer's binding can meet one in a pair, when each server bound the client before hearing of
     * the other's binding (a client that starts over at the other server at once).
     */
    private List<Lease> otherBindings(ClientId client, Ipv4Address except, ServedSubnet served) {
        List<Lease> others = new ArrayList<>();
        for (Lease other : leasesOf(client, served.subnet())) {
            if (!other.address().equals(except) && other.state() == BindingState.ACTIVE) {
                others.add(other);
            }
        }
        return others;
    }

    /**
     * Of two bindings of one client, whether {@code one} is the client's current one: the later transaction, or at
     * the same second the higher address. Both servers judge the same two leases alike (CLTT travels with every
     * update), so each keeps the same binding and releases the other (invariant 1 across the pair).
     */
    private static boolean boundLater(Lease one, Lease other) {
        int byTime = one.cltt().compareTo(other.cltt());
        return byTime != 0 ? byTime > 0 : one.address().compareTo(other.address()) > 0;
    }

    /** {@code lease} ended as superseded by another binding of its client, marked for the peer. */
    private Lease released(Lease lease, Instant now) {
        return forPeer(lease.toBuilder().state(BindingState.RELEASED).end(now).cltt(now), now).build();
    }

    /**
     * Gives {@code addresses}, free here, to the peer (pool balancing): each becomes the peer's free state, keeps its
     * last client (affinity), and is committed marked for the peer. An address taken meanwhile is skipped.
     * Completes with the leases given.
     */
    CompletionStage<List<Lease>> giveToPeer(ServedSubnet served, List<Ipv4Address> addresses) {
        Instant now = now();
        List<Lease> batch;
        synchronized (offers) {
            List<Ipv4Address> free = addresses.stream()
                    .filter(address -> served.free().contains(address) && offers.heldAt(address).isEmpty()).toList();
            batch = claimAndChange(served, free, stored -> givenToPeer(stored, now));
        }
        return commitChanges(batch, () -> { }).thenApply(given -> {
            failover.get().ifPresent(peer -> peer.bindingsChanged(given));
            return given;
        });
    }

    /**
     * A free lease of ours as given to the peer (reference §4): the peer's free state, starting now, its last client
     * kept (affinity) but not the client's host name or relay information, marked for the peer.
     */
    private Lease.Builder givenToPeer(Lease.Builder ours, Instant now) {
        return forPeer(ours.state(PoolShares.peersFreeState(failoverView())).start(now).hostname(null)
                .relayAgentInfo(null), now);
    }

    /**
     * Sets tsfp of the leases of {@code addresses} to {@code until}: bookkeeping of this server's own (nothing goes
     * to the peer), committed under claims so that no exchange gives an address out meanwhile. An address taken
     * meanwhile is skipped. Completes with the leases changed.
     */
    CompletionStage<List<Lease>> holdUntil(ServedSubnet served, List<Ipv4Address> addresses, Instant until) {
        List<Lease> held;
        synchronized (offers) {
            held = claimAndChange(served, addresses, stored -> stored.tsfp(until));
        }
        return commitChanges(held, () -> held.forEach(lease -> freed(served, lease)));
    }

    /**
     * Claims each of {@code addresses} that no other commit claims and makes {@code change} to its stored lease (a
     * new one if none is stored). Called with the offer book's lock held.
     */
    private List<Lease> claimAndChange(ServedSubnet served, List<Ipv4Address> addresses,
                                       UnaryOperator<Lease.Builder> change) {
        List<Lease> batch = new ArrayList<>();
        for (Ipv4Address address : addresses) {
            try {
                claim(served, List.of(address));
            } catch (InvariantViolation inFlight) {
                continue;
            }
            batch.add(change.apply(storedOrNew(store.get(address), address)).build());
        }
        return batch;
    }

    /** Commits {@code batch}, whose addresses are claimed, as {@link #commitClaimed} does; completes with it. */
    private CompletionStage<List<Lease>> commitChanges(List<Lease> batch, Runnable applied) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return commitClaimed(batch, applied).thenApply(durable -> batch);
    }

    /**
     * In a pair, marks a change made here for the peer in the very batch that makes it durable: {@code tstp} as
     * given, {@code atsfp} cleared, so that {@code tstp > atsfp} says "not yet acknowledged" until the peer's
     * BNDACK, across crashes and restarts (invariant 5). Standalone, the change is left as it is.
     */
    private Lease.Builder forPeer(Lease.Builder change, Instant tstp) {
        FailoverView view = failoverView();
        if (!view.paired()) {
            return change;
        }
        if (view.state() != FailoverState.COMMUNICATIONS_INTERRUPTED) {
            // The update may leave at any moment: from now on the peer may know this state (ISC sets its rewind
            // state as the update is sent). Out of touch, it keeps the state the peer last heard of.
            change.rewind(change.state());
        }
        return change.tstp(tstp.isAfter(Lease.UNSET) ? tstp : now()).atsfp(Lease.UNSET);
    }

    /**
     * The state a binding ends in: {@code transitional} (RELEASED, EXPIRED) until the peer hears of it, or, out of
     * touch with a peer that never heard of the binding (its rewind state is this server's free state), straight
     * back to that free state, to be allocated again at once (ISC's rewind, reference §3.6).
     */
    private BindingState endedAs(Lease binding, BindingState transitional) {
        FailoverView view = failoverView();
        boolean rewinds = view.paired() && view.state() == FailoverState.COMMUNICATIONS_INTERRUPTED
                && binding.rewind() == PoolShares.ownFreeState(view);
        return rewinds ? binding.rewind() : transitional;
    }

    /**
     * Records, before the update of {@code address} leaves, that the peer may hear of its lease's present state
     * (its rewind state becomes its state): a change made out of touch is otherwise rewound as if the peer never
     * heard of it. {@code served} is the subnet of the address, if any: outside one, no exchange touches it. The
     * caller holds the address's lane. Completes with the lease as stored once durable, at once if nothing had to
     * change.
     *
     * @throws InvariantViolation if another commit of the address is in flight
     */
    CompletionStage<Optional<Lease>> announcing(Optional<ServedSubnet> served, Ipv4Address address)
            throws InvariantViolation {
        if (served.isPresent()) {
            synchronized (offers) {
                claim(served.get(), List.of(address));
            }
        }
        // Read once claimed: an expiry or another client's binding committed just before would otherwise be
        // overwritten with the lease as it was.
        Optional<Lease> stored = store.get(address);
        if (stored.isEmpty() || stored.get().rewind() == stored.get().state()) {
            if (served.isPresent()) {
                synchronized (offers) {
                    unclaim(List.of(address));
                }
            }
            return CompletableFuture.completedFuture(stored);
        }
        Lease announced = stored.get().toBuilder().rewind(stored.get().state()).build();
        return commitClaimed(List.of(announced), () -> served.ifPresent(subnet -> freed(subnet, announced)))
                .thenApply(durable -> Optional.of(announced));
    }

    /** The stored lease to change, or a new one: an address never stored is FREE to both servers of a pair. */
    private static Lease.Builder storedOrNew(Optional<Lease> stored, Ipv4Address address) {
        return stored.map(Lease::toBuilder).orElseGet(() -> Lease.builder(address).rewind(BindingState.FREE));
    }

    private CompletionStage<Lease> commitOne(ServedSubnet served, Lease lease) {
        try {
            synchronized (offers) {
                claim(served, List.of(lease.address()));
            }
        } catch (InvariantViolation inFlight) {
            return CompletableFuture.failedFuture(inFlight);
        }
        return commitClaimed(List.of(lease), () -> freed(served, lease)).thenApply(durable -> {
            failover.get().ifPresent(peer -> peer.bindingsChanged(List.of(lease)));
            return lease;
        });
    }

    /**
     * Claims {@code addresses} for a commit and takes them out of the free index. Called with the offer book's lock
     * held.
     *
     * @throws InvariantViolation if another commit claims one of them
     */
    private void claim(ServedSubnet served, List<Ipv4Address> addresses) throws InvariantViolation {
        if (!claims.claim(addresses)) {
            throw new InvariantViolation("address-commit-in-flight");
        }
        for (Ipv4Address address : addresses) {
            served.free().remove(address).ifPresent(since -> claims.wouldBeFree(address, since));
        }
    }

    /** Gives up claims taken for a commit that was refused before it started. Called with the offer book's lock held. */
    private void unclaim(List<Ipv4Address> addresses) {
        for (Ipv4Address address : addresses) {
            claims.end(address).ifPresent(since -> returnToPool(address, since));
        }
    }

    /**
     * Commits {@code batch}, whose addresses are claimed, and ends the claims under the offer book's lock together
     * with what the outcome changes in memory: once durable, {@code applied} updates the offers and the free index;
     * if the commit fails, each address goes back where it would be without the commit.
     *
     * <p>Continues on the thread that completes the commit, the store's writer (or this thread, for a commit the
     * store refuses at once), as does everything chained to the returned stage (the reply is sent there): waking a
     * worker for it cost each exchange a context switch. The store allows it because nothing on that path blocks
     * or takes long: the offer book's lock is held for a few lines at a time, a reply is sent without waiting for its
     * socket, a peer update is queued to the failover thread, and work a client's lane queued behind this exchange
     * moves to a worker.
     */
    private CompletionStage<Void> commitClaimed(List<Lease> batch, Runnable applied) {
        CompletionStage<Void> written;
        List<BindingState> before = new ArrayList<>();
        try {
            // Claimed addresses: no other commit changes them before this one ends.
            batch.forEach(lease -> before.add(stateOf(store.get(lease.address()))));
            written = store.commit(batch);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.whenComplete((durable, failure) -> {
            if (LOG.isDebugEnabled()) {
                LOG.debug("lease commit " + (failure == null ? "durable" : "failed") + " role=" + failoverView().role()
                        + " batch=" + batch);
            }
            synchronized (offers) {
                if (failure == null) {
                    applied.run();
                    counted(batch, before);
                }
                for (Lease lease : batch) {
                    Optional<Instant> wouldBeFree = claims.end(lease.address());
                    if (failure != null) {
                        wouldBeFree.ifPresent(since -> returnToPool(lease.address(), since));
                    }
                }
            }
        });
    }

    /** Moves each durable lease of {@code batch} in its pool's census, from its state {@code before}. */
    private void counted(List<Lease> batch, List<BindingState> before) {
        SubnetCatalog subnets = catalog.get();
        for (int i = 0; i < batch.size(); i++) {
            Lease lease = batch.get(i);
            BindingState from = before.get(i);
            subnets.containing(lease.address()).filter(served -> served.isDynamic(lease.address()))
                    .ifPresent(served -> served.census().moved(from, lease.state()));
        }
    }

    /** A stored lease's state; FREE for an address no lease was stored for. */
    private static BindingState stateOf(Optional<Lease> lease) {
        return lease.map(Lease::state).orElse(BindingState.FREE);
    }

    /**
     * Puts a lease that no longer binds its address back in the free index, if ours to allocate. Called with the
     * offer book's lock held.
     */
    private void freed(ServedSubnet served, Lease lease) {
        if (served.isDynamic(lease.address()) && offers.heldAt(lease.address()).isEmpty()
                && Ownership.mayAllocate(Optional.of(lease), failoverView(), now())) {
            Instant since = lease.end().isAfter(now()) ? now() : lease.end();
            served.free().add(lease.address(), since);
        }
    }
}

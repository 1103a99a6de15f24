package io.tandem.core;

import io.tandem.api.Burst;
import io.tandem.api.DhcpHandler;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverService;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.PeerBindings;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.PoolBalancing;
import io.tandem.api.ReceivingLink;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server engine without its OSGi wiring: places each request in a subnet, hands it to the handler of its
 * message type on the client's lane, and sweeps lapsed offers and ended leases once a second.
 */
final class Engine implements DhcpHandler, PeerBindings, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final CompletableFuture<Optional<DhcpMessage>> NO_REPLY =
            CompletableFuture.completedFuture(Optional.empty());
    /** True on Tandem's workers: work already on one does not move to another. */
    private static final ThreadLocal<Boolean> ON_WORKER = ThreadLocal.withInitial(() -> false);
    /** How soon the end of a lease whose commit failed is tried again. */
    static final Duration EXPIRY_RETRY = Duration.ofSeconds(10);

    private final TrafficStatistics statistics;
    private final Bindings bindings;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService sweeper;
    private final ClientLanes<Object> lanes;
    private final PolicyCaller policyCaller;
    private final DiscoverHandler discover;
    private final RequestHandler requests;
    private final ReleaseHandler releases;
    private final PeerUpdateHandler peerUpdates;
    private volatile SubnetCatalog catalog = SubnetCatalog.EMPTY;
    private CompletableFuture<PoolBalancing> lastBalancing = CompletableFuture.completedFuture(PoolBalancing.NOTHING);
    /** What the free indexes were built for; a change of it rebuilds them. */
    private OwnershipEpoch ownership;
    private volatile EngineSettings settings;

    /**
     * @param sweepEvery how often the sweep runs by itself; {@link Duration#ZERO} leaves it to the caller (tests)
     */
    Engine(LeaseStore store, TrafficStatistics statistics, Clock clock, EngineSettings settings,
           InstalledPolicies policies, Supplier<Optional<FailoverService>> failover,
           Duration sweepEvery) {
        this.statistics = statistics;
        this.settings = settings;
        ThreadFactory named = Threads.named("tandem-worker");
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> named.newThread(() -> {
                    ON_WORKER.set(true);
                    task.run();
                }));
        this.policyCaller = new PolicyCaller(this::compensateWorkers);
        this.bindings = new Bindings(store, clock, () -> catalog, failover);
        this.ownership = OwnershipEpoch.of(bindings.failoverView(), bindings.now());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Threads.named("tandem-sweeper"));
        this.lanes = new ClientLanes<>(workers);
        this.peerUpdates = new PeerUpdateHandler(bindings, () -> catalog, lanes, sweeper);
        this.discover = new DiscoverHandler(bindings, policies, policyCaller, () -> this.settings);
        this.requests = new RequestHandler(bindings, () -> this.settings);
        this.releases = new ReleaseHandler(bindings, () -> this.settings);
        if (!sweepEvery.isZero()) {
            sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Adds or removes workers to make up for those an allocation policy holds past its deadline. */
    private void compensateWorkers(int change) {
        synchronized (workers) {
            int size = workers.getCorePoolSize() + change;
            if (change > 0) {
                workers.setMaximumPoolSize(size);
                workers.setCorePoolSize(size);
            } else {
                workers.setCorePoolSize(size);
                workers.setMaximumPoolSize(size);
            }
        }
    }

    /** How many workers there are now, replacements for held ones included. */
    int workerCount() {
        return workers.getCorePoolSize();
    }

    /** New engine settings; the number of workers takes effect at the next start. */
    void settings(EngineSettings changed) {
        this.settings = changed;
    }

    /**
     * Serves exactly {@code subnets} from now on; they must not overlap ({@link SubnetArbiter} sees to that). A
     * subnet whose range and reservations did not change keeps its pool index; the others are indexed from the
     * store. Logs one line per subnet that starts, changes or stops being served, naming what changed.
     */
    synchronized void serve(List<SubnetSettings> subnets) {
        List<ServedSubnet> served = new ArrayList<>();
        boolean indexed = false;
        for (SubnetSettings candidate : subnets) {
            Optional<ServedSubnet> current = catalog.byPid(candidate.pid());
            Optional<ServedSubnet> unchanged = current
                    .filter(previous -> previous.settings().subnet().equals(candidate.subnet())
                            && previous.settings().reservations().equals(candidate.reservations()));
            indexed |= unchanged.isEmpty();
            served.add(new ServedSubnet(candidate,
                    unchanged.map(ServedSubnet::index).orElseGet(() -> bindings.index(candidate))));
            logChange(current.map(ServedSubnet::settings), candidate);
        }
        SubnetCatalog previous = catalog;
        catalog = new SubnetCatalog(served);
        for (ServedSubnet gone : previous.subnets()) {
            if (catalog.byPid(gone.settings().pid()).isEmpty()) {
                LOG.info("subnet no longer served name=" + gone.settings().name() + " subnet=" + gone.subnet()
                        + " pid=" + gone.settings().pid());
            }
        }
        FailoverView view = bindings.failoverView();
        if (indexed && view.paired() && view.state() == FailoverState.NORMAL) {
            // A pair usually links up before the subnets' settings have settled, so the run on entering NORMAL
            // found no pool: a new or changed pool is balanced when it starts being served, as that run would have.
            balancePools().whenComplete((run, failure) -> {
                if (failure != null) {
                    LOG.error("pool balancing of newly served pools failed error=\"" + failure + "\"");
                }
            });
        }
    }

    private static void logChange(Optional<SubnetSettings> before, SubnetSettings after) {
        String where = "name=" + after.name() + " subnet=" + after.subnet() + " pid=" + after.pid();
        if (before.isEmpty()) {
            LOG.info("subnet serving " + where + " settings=\"" + after.inEffect() + "\"");
            return;
        }
        String changes = after.changesSince(before.get());
        if (!changes.isEmpty()) {
            LOG.info("subnet changed " + where + " changes=\"" + changes + "\"");
        }
    }

    SubnetCatalog catalog() {
        return catalog;
    }

    Bindings bindings() {
        return bindings;
    }

    /** Applies a binding the failover peer sent (see {@link PeerBindings}). */
    @Override
    public CompletableFuture<PeerUpdateResult> apply(PeerUpdate update) {
        return peerUpdates.apply(update);
    }

    /** Records the peer's acknowledgement of our update (see {@link PeerBindings}). */
    @Override
    public CompletableFuture<Optional<Lease>> acknowledged(Ipv4Address address, BindingState sentState,
                                                           Instant sentPotentialExpiry) {
        return peerUpdates.acknowledged(address, sentState, sentPotentialExpiry);
    }

    /** Records that the peer may hear of the lease's present state (see {@link PeerBindings}). */
    @Override
    public CompletableFuture<Optional<Lease>> announcing(Ipv4Address address) {
        return peerUpdates.announcing(address);
    }

    /**
     * Pool balancing: see {@link PeerBindings#balancePools}. One run at a time: a run counts the addresses the
     * previous one gave only once they are durable.
     */
    @Override
    public synchronized CompletableFuture<PoolBalancing> balancePools() {
        CompletableFuture<PoolBalancing> run = lastBalancing.handle((previous, failure) -> null)
                .thenCompose(ignored -> balanceOnce());
        lastBalancing = run;
        return run;
    }

    private CompletableFuture<PoolBalancing> balanceOnce() {
        FailoverView view = bindings.failoverView();
        if (!view.paired()) {
            return CompletableFuture.completedFuture(PoolBalancing.NOTHING);
        }
        // Called on entering NORMAL, before the sweep has caught up with the new state: index what is ours now.
        followOwnership();
        List<PoolShares> found = new ArrayList<>();
        return inEverySubnet(served -> {
            PoolBalancer.Plan plan = PoolBalancer.plan(served, bindings.store(), view);
            found.add(plan.shares());
            return bindings.giveToPeer(served, plan.toGive());
        }).thenApply(moved -> {
            boolean shortOfLeases = found.stream().anyMatch(shares -> shares.shortOfLeases(view));
            Optional<Instant> oldest = found.stream().map(PoolShares::oldestFreeSince).flatMap(Optional::stream)
                    .min(Instant::compareTo);
            LOG.info("pool balancing gave the peer addresses=" + moved + " role=" + view.role()
                    + " shortOfLeases=" + shortOfLeases);
            return new PoolBalancing(moved, shortOfLeases, oldest);
        });
    }

    /** Entering PARTNER-DOWN: see {@link PeerBindings#holdTransitional}. */
    @Override
    public CompletableFuture<Integer> holdTransitional(Instant until) {
        return inEverySubnet(served -> {
            List<Ipv4Address> transitional = new ArrayList<>();
            bindings.store().scan(served.subnet().network(), served.subnet().broadcast(), lease -> {
                if (lease.state().isTransitional()) {
                    transitional.add(lease.address());
                }
            });
            return bindings.holdUntil(served, transitional, until);
        }).thenApply(held -> {
            LOG.info("partner-down holds leases in transition leases=" + held + " until=" + until);
            return held;
        });
    }

    /** Runs {@code change} on every served subnet; completes with how many leases they changed in all. */
    private CompletableFuture<Integer> inEverySubnet(Function<ServedSubnet, CompletionStage<List<Lease>>> change) {
        List<CompletableFuture<List<Lease>>> changes = new ArrayList<>();
        for (ServedSubnet served : catalog.subnets()) {
            changes.add(change.apply(served).toCompletableFuture());
        }
        return CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new))
                .thenApply(done -> changes.stream().mapToInt(one -> one.join().size()).sum());
    }

    /** How many clients (and addresses) have work queued or running on their lanes. */
    int busyLanes() {
        return lanes.busyKeys();
    }

    /** Runs {@code task} on the lane of {@code key}, after that client's earlier messages. */
    <T> CompletableFuture<T> onLane(Object key, Supplier<? extends CompletionStage<T>> task) {
        return lanes.submit(key, task);
    }

    /** The store's burst: the commits of messages handled here, on the receiving thread, wait for its close. */
    @Override
    public Burst openBurst() {
        return bindings.store().openBurst();
    }

    @Override
    public CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link) {
        Optional<MessageType> type = request.messageType();
        if (type.isEmpty()) {
            statistics.dropped("bootp-unsupported");
            return NO_REPLY;
        }
        ClientId client;
        try {
            client = ClientId.of(request);
        } catch (IllegalArgumentException e) {
            statistics.dropped("invalid-client-identity");
            return NO_REPLY;
        }
        Optional<Outcome> elsewhere = forAnotherServer(request, link, client, type.get());
        if (elsewhere.isPresent()) {
            statistics.dropped(elsewhere.get().dropReason());
            return NO_REPLY;
        }
        // With nothing else on the client's lane the message is handled here, on the receiving thread, without
        // waking a worker: nothing on its way blocks (a commit is only queued, to the store's writer or to packet
        // I/O's open burst) but a call to the allocation policy, which a DISCOVER makes on a worker.
        return lanes.submitHere(client, () -> dispatch(request, link, client, type.get()))
                .handle((outcome, failure) -> {
                    if (failure != null) {
                        return failed(request, failure);
                    }
                    if (outcome.dropReason() != null) {
                        statistics.dropped(outcome.dropReason());
                    }
                    return outcome.asReply();
                });
    }

    /**
     * The drop of a message another server answers, decided on the receiving thread by the handler's own rule: a
     * DISCOVER load balancing gives the peer, or a REQUEST for another server's offer from a client with nothing on
     * its lane. In a pair every server hears every broadcast, and half of them are the peer's: dropping those here
     * spares a worker hand-off for each. A client with work on its lane keeps its order: the lane drops.
     */
    private Optional<Outcome> forAnotherServer(DhcpMessage request, ReceivingLink link, ClientId client,
                                               MessageType type) {
        if (type.equals(MessageType.DISCOVER)) {
            return SubnetSelector.select(catalog, request, link).flatMap(served ->
                    DiscoverHandler.loadBalancedToPeer(bindings.failoverView(), served, client, request.secs()));
        }
        if (type.equals(MessageType.REQUEST) && lanes.isIdle(client)) {
            return requests.selectedOtherServer(request, link, client);
        }
        return Optional.empty();
    }

    private CompletionStage<Outcome> dispatch(DhcpMessage request, ReceivingLink link, ClientId client,
                                              MessageType type) {
        Optional<ServedSubnet> served = SubnetSelector.select(catalog, request, link);
        if (served.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.drop("no-subnet"));
        }
        Exchange exchange = new Exchange(request, link, client, served.get(), bindings.failoverView());
        if (!exchange.failover().servesClients() && !type.equals(MessageType.INFORM)) {
            // Reference §2.1: a server of a pair in STARTUP, RECOVER, PAUSED and the like answers no client.
            return CompletableFuture.completedFuture(Outcome.drop("failover-state-serves-no-client"));
        }
        if (type.equals(MessageType.DISCOVER)) {
            return discover.handle(exchange, ON_WORKER.get() ? Runnable::run : workers);
        } else if (type.equals(MessageType.REQUEST)) {
            return requests.handle(exchange);
        } else if (type.equals(MessageType.RELEASE)) {
            return releases.release(exchange);
        } else if (type.equals(MessageType.DECLINE)) {
            return releases.decline(exchange);
        } else if (type.equals(MessageType.INFORM)) {
            return CompletableFuture.completedFuture(Outcome.reply(ReplyFactory.inform(exchange)));
        }
        return CompletableFuture.completedFuture(Outcome.drop("unsupported-message-type"));
    }

    private Optional<DhcpMessage> failed(DhcpMessage request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String text = "request failed xid=" + Integer.toHexString(request.xid()) + " chaddr=" + request.chaddr()
                + " type=" + request.messageType().orElse(null) + " error=" + cause;
        if (cause instanceof LeaseStoreException) {
            // The store logs when its commits start failing and when they succeed again; one line per request
            // would flood the log (perhaps on the very disk that is full).
            statistics.dropped("store-commit-failed");
            LOG.debug(text);
        } else {
            statistics.dropped("internal-error");
            LOG.error(text, cause);
        }
        return Optional.empty();
    }

    /**
     * Returns lapsed offers to the pools and ends leases whose time is up. Completes when every lease it ended is
     * durable.
     */
    CompletableFuture<Void> sweep() {
        List<CompletableFuture<?>> ended = new ArrayList<>();
        try {
            followOwnership();
            bindings.sweepOffers();
            for (Ipv4Address address : bindings.expiries().takeDue(bindings.now())) {
                bindings.store().get(address).ifPresent(lease -> ended.add(endIfDue(lease)));
            }
        } catch (RuntimeException e) {
            LOG.error("sweep failed error=" + e, e);
        }
        return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new));
    }

    /**
     * The free indexes hold what this server may allocate, which depends on its failover role and state, and on
     * whether it serves clients at all (its peer's state decides that too): when any of that changes, every index
     * is built again from the store. In PARTNER-DOWN the peer's leases become ours one by one
     * as their times pass, so there the indexes are rebuilt at every sweep.
     */
    private synchronized void followOwnership() {
        OwnershipEpoch now = OwnershipEpoch.of(bindings.failoverView(), bindings.now());
        boolean changed = !now.equals(ownership);
        if (changed || now.state() == FailoverState.PARTNER_DOWN) {
            ownership = now;
            catalog = new SubnetCatalog(catalog.subnets().stream()
                    .map(served -> new ServedSubnet(served.settings(), bindings.index(served.settings()))).toList());
        }
        if (changed) {
            LOG.info("free addresses reindexed role=" + now.role() + " state=" + now.state() + " partnerPoolMatured="
                    + now.matured());
        }
    }

    /** What {@link Ownership} depends on besides the leases themselves. */
    private record OwnershipEpoch(FailoverRole role, FailoverState state, Instant stateSince, boolean servesClients,
                                  boolean matured) {

        static OwnershipEpoch of(FailoverView view, Instant now) {
            return new OwnershipEpoch(view.role(), view.state(), view.stateSince(), view.servesClients(),
                    view.paired() && Ownership.nextChange(view, now).isEmpty());
        }
    }

    private CompletableFuture<?> endIfDue(Lease lease) {
        Object lane = lease.client() != null ? lease.client() : lease.address();
        // Its deadline was taken from the queue: a failed end is queued again, on the lane, so that a renewal the
        // client sends next replaces the retry rather than the other way round.
        return lanes.submit(lane, () -> endNowIfDue(lease.address()).exceptionally(failure -> {
            Instant retryAt = bindings.now().plus(EXPIRY_RETRY);
            bindings.expiries().add(retryAt, lease.address());
            LOG.warn("lease end failed address=" + lease.address() + " retryAt=" + retryAt + " error=" + failure);
            return null;
        }));
    }

    private CompletionStage<Void> endNowIfDue(Ipv4Address address) {
        try {
            Optional<Lease> current = bindings.store().get(address);
            Optional<ServedSubnet> served = catalog.containing(address);
            if (current.isEmpty() || served.isEmpty() || current.get().end().isAfter(bindings.now())) {
                return CompletableFuture.completedFuture(null);
            }
            BindingState state = current.get().state();
            if (state == BindingState.ACTIVE && leftToThePrimary(bindings.failoverView())) {
                bindings.expiries().add(bindings.now().plus(EXPIRY_RETRY), address);
                return CompletableFuture.completedFuture(null);
            }
            if (state == BindingState.ACTIVE) {
                return bindings.expire(served.get(), current.get()).thenAccept(expired -> { });
            }
            if (state == BindingState.ABANDONED && bindings.failoverView().paired()
                    && current.get().isUnacknowledged()) {
                // The peer must hear of the abandonment first: a FREE sent in its place would meet the binding the
                // peer may still hold, which ISC's rules refuse (ACTIVE -> FREE), and the pair would disagree.
                bindings.expiries().add(bindings.now().plus(EXPIRY_RETRY), address);
                return CompletableFuture.completedFuture(null);
            }
            return state == BindingState.ABANDONED
                    ? bindings.reclaim(served.get(), current.get()).thenAccept(reclaimed -> { })
                    : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A secondary in NORMAL leaves the end of an ACTIVE lease to the primary (reference §3.2): ISC dhcpd refuses a
     * secondary's ACTIVE -> EXPIRED, so the lease is looked at again later, when the primary's update has arrived
     * or this server has lost touch with its peer.
     */
    private static boolean leftToThePrimary(FailoverView view) {
        return view.role() == FailoverRole.SECONDARY && view.state() == FailoverState.NORMAL;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        policyCaller.close();
    }
}

package io.tandem.core;

import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the peer's binding updates and acknowledgements. An update touches one address but may take it from one client and give it to
 * another, so it runs on the lanes of all three at once (address, old client, new client), taken in one global
 * order so that two updates can never wait for each other. A client exchange committing the same address at that
 * moment (another client's, on its own lane) is waited out: the update tries again shortly.
 */
final class PeerUpdateHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PeerUpdateHandler.class);
    /** How long to wait before trying again behind a client's commit of the same address, and how often. */
    private static final long RETRY_MILLIS = 5;
    private static final int MAX_ATTEMPTS = 4000;
    /** How long an update for an address of no served subnet waits for one before it is refused (reason 1). */
    private static final Duration SUBNET_PATIENCE = Duration.ofSeconds(10);
    /** Lanes in one order for every update: address keys first, then clients, each by its text. */
    private static final Comparator<Object> LANE_ORDER = Comparator.<Object, Boolean>comparing(key -> key instanceof ClientId)
            .thenComparing(String::valueOf);

    private final Bindings bindings;
    private final Supplier<SubnetCatalog> catalog;
    private final ClientLanes<Object> lanes;
    private final ScheduledExecutorService timer;

    PeerUpdateHandler(Bindings bindings, Supplier<SubnetCatalog> catalog, ClientLanes<Object> lanes,
                      ScheduledExecutorService timer) {
        this.bindings = bindings;
        this.catalog = catalog;
        this.lanes = lanes;
        this.timer = timer;
    }

    CompletableFuture<PeerUpdateResult> apply(PeerUpdate update) {
        CompletableFuture<PeerUpdateResult> result = new CompletableFuture<>();
        long patienceEnds = System.nanoTime() + SUBNET_PATIENCE.toNanos();
        retrying(() -> laneKeys(update.address(), update.client(), bindings.store().get(update.address())),
                keys -> applyHolding(update, keys, patienceEnds), result, 1, update.address());
        return result;
    }

    /**
     * Runs {@code work} holding the lanes {@code keys} names, again and again while it answers "try again" (empty),
     * a little later each time, until it gives a result.
     */
    private <T> void retrying(Supplier<List<Object>> keys,
                              Function<List<Object>, CompletionStage<Optional<T>>> work,
                              CompletableFuture<T> result, int attempt, Ipv4Address address) {
        List<Object> held = keys.get();
        onLanes(held, () -> work.apply(held)).whenComplete((outcome, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (outcome.isPresent()) {
                result.complete(outcome.get());
            } else if (attempt >= MAX_ATTEMPTS) {
                result.completeExceptionally(new IllegalStateException("peer change of " + address
                        + " kept meeting a commit in flight"));
            } else {
                timer.schedule(() -> retrying(keys, work, result, attempt + 1, address), RETRY_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Records the peer's acknowledgement of our update of {@code address}; see {@link io.tandem.api.PeerBindings}. */
    CompletableFuture<Optional<Lease>> acknowledged(Ipv4Address address, BindingState sentState, Instant sent) {
        CompletableFuture<Optional<Lease>> result = new CompletableFuture<>();
        retrying(() -> laneKeys(address, null, bindings.store().get(address)),
                keys -> acknowledgedHolding(address, sentState, sent, keys), result, 1, address);
        return result;
    }

    private CompletionStage<Optional<Optional<Lease>>> acknowledgedHolding(Ipv4Address address,
            BindingState sentState, Instant sent, List<Object> held) {
        Optional<Lease> stored = bindings.store().get(address);
        if (!held.containsAll(laneKeys(address, null, stored))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<ServedSubnet> served = catalog.get().containing(address);
        if (stored.isEmpty() || served.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.of(Optional.empty()));
        }
        Lease current = stored.get();
        boolean changedSince = current.state() != sentState || !current.tstp().equals(sent);
        if (changedSince && !current.isUnacknowledged()) {
            // Overtaken: a later acknowledgement (this one waited for its lanes) or the peer's own update of the
            // address already recorded newer knowledge, which the older expiry must not replace.
            return CompletableFuture.completedFuture(Optional.of(stored));
        }
        Lease.Builder acknowledged = current.toBuilder().tsfp(sent);
        // A change made since with a potential expiry not after the one sent (a release, an expiry) would look
        // acknowledged with atsfp = sent, and would never reach the peer: its atsfp stays as that change left it.
        if (!changedSince || current.tstp().isAfter(sent)) {
            acknowledged.atsfp(sent);
        }
        boolean returnsFree = !changedSince && current.state().isTransitional();
        if (returnsFree) {
            acknowledged.state(BindingState.FREE);
        }
        try {
            return (returnsFree ? bindings.returnFree(served.get(), acknowledged.build(), stored)
                    : bindings.applyPeer(served.get(), acknowledged.build(), stored))
                    .thenApply(durable -> Optional.of(Optional.of(durable)));
        } catch (InvariantViolation inFlight) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** Records that the peer may hear of the lease's present state; see {@link io.tandem.api.PeerBindings}. */
    CompletableFuture<Optional<Lease>> announcing(Ipv4Address address) {
        CompletableFuture<Optional<Lease>> result = new CompletableFuture<>();
        retrying(() -> laneKeys(address, null, bindings.store().get(address)),
                keys -> announcingHolding(address, keys), result, 1, address);
        return result;
    }

    private CompletionStage<Optional<Optional<Lease>>> announcingHolding(Ipv4Address address, List<Object> held) {
        Optional<Lease> stored = bindings.store().get(address);
        Optional<ServedSubnet> served = catalog.get().containing(address);
        if (!held.containsAll(laneKeys(address, null, stored))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        try {
            return bindings.announcing(served, address).thenApply(Optional::of);
        } catch (InvariantViolation inFlight) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** Empty when the update must try again: its lanes changed, or a client's commit of the address is in flight. */
    private CompletionStage<Optional<PeerUpdateResult>> applyHolding(PeerUpdate update, List<Object> held,
                                                                     long patienceEnds) {
        Optional<Lease> stored = bindings.store().get(update.address());
        if (!held.containsAll(laneKeys(update.address(), update.client(), stored))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<ServedSubnet> served = catalog.get().containing(update.address());
        if (served.isEmpty() && System.nanoTime() < patienceEnds) {
            // A subnet may not serve yet (a new configuration settling at boot): wait for it before refusing.
            return CompletableFuture.completedFuture(Optional.empty());
        }
        boolean inPool = served.filter(subnet -> subnet.isDynamic(update.address())).isPresent();
        PeerUpdateRules.Verdict verdict;
        try {
            verdict = PeerUpdateRules.judge(update, inPool, stored, bindings.failoverView(), bindings.now());
        } catch (IllegalArgumentException malformed) {
            // A binding our lease model cannot hold (it ends before it starts, say): refused, never half stored.
            return done(PeerUpdateResult.rejected(PeerUpdateResult.UNKNOWN_REASON, malformed.getMessage()));
        }
        if (verdict instanceof PeerUpdateRules.Refuse refuse) {
            LOG.info("peer update refused address=" + update.address() + " state=" + update.state() + " reason="
                    + refuse.result().rejectReason() + " message=\"" + refuse.result().message() + "\"");
            return done(refuse.result());
        }
        Lease lease = ((PeerUpdateRules.Store) verdict).lease();
        try {
            // The peer's EXPIRED, RELEASED or RESET is stored FREE: a lease coming back, as on our own's BNDACK.
            return (update.state().isTransitional() ? bindings.returnFree(served.get(), lease, stored)
                    : bindings.applyPeer(served.get(), lease, stored))
                    .thenApply(durable -> Optional.of(PeerUpdateResult.accepted(durable)));
        } catch (InvariantViolation inFlight) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    private static CompletionStage<Optional<PeerUpdateResult>> done(PeerUpdateResult result) {
        return CompletableFuture.completedFuture(Optional.of(result));
    }

    /** The address, the client the stored lease names and the client the change names (if any), in lane order. */
    private static List<Object> laneKeys(Ipv4Address address, ClientId newClient, Optional<Lease> stored) {
        List<Object> keys = new ArrayList<>();
        keys.add(address);
        stored.map(Lease::client).ifPresent(keys::add);
        if (newClient != null && !keys.contains(newClient)) {
            keys.add(newClient);
        }
        keys.sort(LANE_ORDER);
        return keys;
    }

    /**
     * Runs {@code task} holding every lane of {@code keys}, taken one after the other in their order: the first on
     * a worker, each further one on the worker already holding the lanes before it, unless it must wait.
     */
    private <T> CompletableFuture<T> onLanes(List<Object> keys, Supplier<? extends CompletionStage<T>> task) {
        return lanes.submit(keys.get(0), () -> onFurtherLanes(keys.subList(1, keys.size()), task));
    }

    private <T> CompletableFuture<T> onFurtherLanes(List<Object> keys, Supplier<? extends CompletionStage<T>> task) {
        if (keys.isEmpty()) {
            return task.get().toCompletableFuture();
        }
        return lanes.submitHere(keys.get(0), () -> onFurtherLanes(keys.subList(1, keys.size()), task));
    }
}

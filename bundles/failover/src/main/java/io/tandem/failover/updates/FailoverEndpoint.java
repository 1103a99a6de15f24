package io.tandem.failover.updates;

import io.tandem.api.FailoverService;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverStatus;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.LeaseStore;
import io.tandem.api.PeerBindings;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.model.Lease;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.state.Action;
import io.tandem.failover.state.ArmTimer;
import io.tandem.failover.state.EndpointState;
import io.tandem.failover.state.Event;
import io.tandem.failover.state.FailoverStateMachine;
import io.tandem.failover.state.LocalEvent;
import io.tandem.failover.state.PeerStateReceived;
import io.tandem.failover.state.PersistedState;
import io.tandem.failover.state.StateFile;
import io.tandem.failover.state.Step;
import io.tandem.failover.state.Transition;
import io.tandem.failover.wire.Binding;
import io.tandem.failover.wire.BindingAck;
import io.tandem.failover.wire.BindingUpdate;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.MessageType;
import io.tandem.failover.wire.PoolRequest;
import io.tandem.failover.wire.PoolResponse;
import io.tandem.failover.wire.RejectReason;
import io.tandem.failover.wire.ServerState;
import io.tandem.failover.wire.State;
import io.tandem.failover.wire.UpdateDone;
import io.tandem.failover.wire.UpdateRequest;
import io.tandem.failover.wire.UpdateRequestAll;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a failover relationship above the link: runs the state machine (persisting a new state before
 * announcing it), answers the peer's binding updates through core and acknowledges them once durable, sends ours
 * from the store's unacknowledged leases within the peer's window, records the peer's acknowledgements through
 * core, answers UPDREQ/UPDREQALL with the leases asked for and an UPDDONE, and has core balance the pools on
 * entering NORMAL, on the peer's POOLREQ and on their schedule ({@link BalanceSchedule}). Everything runs on one
 * thread, the {@code loop}; the link calls {@link #linkUp}, {@link #received} and {@link #linkDown}, core calls
 * {@link #bindingsChanged}, and {@link #view} may be read from any thread.
 */
public final class FailoverEndpoint implements FailoverService {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);

    /** Sends messages to the peer over the current link. */
    public interface PeerChannel {
        void send(FailoverMessage message);
    }

    private final FailoverSettings settings;
    private final FailoverStateMachine machine;
    private final StateFile stateFile;
    private final LeaseStore store;
    private final PeerBindings core;
    private final ScheduledExecutorService loop;
    private final Clock clock;
    private final UpdateWindow window = new UpdateWindow();
    private final BalanceSchedule balanceSchedule;
    private final AtomicLong xids = new AtomicLong(1);
    private EndpointState endpoint;
    private Optional<HashBuckets> receivedBuckets = Optional.empty();
    private PeerChannel channel;
    /** An UPDREQ or UPDREQALL of the peer being answered: UPDDONE follows once the window drains. */
    private boolean answeringRequest;
    /**
     * Our UPDREQ or UPDREQALL on this link that the peer's UPDDONE has not answered yet, if any. Asked again before
     * its answer is done, ISC dhcpd drops the answer half-way and starts over.
     */
    private Optional<MessageType> awaitingUpdates = Optional.empty();
    /**
     * Per address, core's work on the peer's last message about it; the next one starts after it, so that the
     * peer's updates and acknowledgements of an address take effect in the order they came (core may take longer
     * over one than over the next, an update waiting for its lanes). Used on the loop only.
     */
    private final Map<Ipv4Address, CompletableFuture<?>> coreWork = new HashMap<>();
    private volatile FailoverView view;
    private volatile boolean linked;
    private volatile Instant lastHeard = Lease.UNSET;
    private volatile int inFlight;

    /**
     * @param random where the jitter of the pool balancing schedule comes from
     */
    public FailoverEndpoint(FailoverSettings settings, StateFile stateFile, LeaseStore store, PeerBindings core,
                            ScheduledExecutorService loop, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.balanceSchedule = new BalanceSchedule(settings, random, loop);
        this.machine = new FailoverStateMachine(settings.role(), settings.autoPartnerDown());
        this.stateFile = stateFile;
        this.store = store;
        this.core = core;
        this.loop = loop;
        this.clock = clock;
    }

    /** Resumes the saved state (STARTUP) or starts in RECOVER; call once, on the loop. */
    public void start() throws IOException {
        Optional<PersistedState> saved = stateFile.read();
        // The secondary's MCLT is the one it learned and saved, until a link tells it again.
        Duration mclt = settings.mclt().orElseGet(() -> saved.map(PersistedState::mclt).orElse(Duration.ZERO));
        Transition started = machine.start(saved, mclt, now());
        endpoint = started.after();
        perform(started);
    }

    /** What core reads; safe from any thread. */
    @Override
    public FailoverView view() {
        return view;
    }

    /** The relationship as an operator reads it; safe from any thread (counts the store's unacknowledged leases). */
    public FailoverStatus status() {
        return new FailoverStatus(view, linked, lastHeard, UpdateWindow.unacknowledged(store).size(), inFlight);
    }

    /** The link is up: the peer's CONNECT or CONNECTACK told its window, and the secondary the MCLT and HBA. */
    public void linkUp(PeerChannel link, long peerMaxUnacked, Optional<Duration> learnedMclt,
                       Optional<HashBuckets> primaryBuckets) {
        channel = link;
        linked = true;
        lastHeard = now();
        learnedMclt.ifPresent(mclt -> endpoint = endpoint.withMclt(mclt));
        receivedBuckets = primaryBuckets;
        window.open((int) Math.min(Integer.MAX_VALUE, peerMaxUnacked));
        publishView();
        announce();
        if (endpoint.state() == FailoverState.RECOVER) {
            // Entering RECOVER asks the peer for everything; a server that entered it without a link asks now.
            requestUpdates(MessageType.UPDREQALL);
        }
        LOG.info("failover link up role=" + settings.role() + " state=" + endpoint.effective()
                + " peerMaxUnacked=" + peerMaxUnacked);
        windowAdvice(peerMaxUnacked, settings.maxUnackedUpdates()).ifPresent(LOG::warn);
    }

    /**
     * The warning for a peer that accepts fewer unacknowledged updates than half of ours, if it does. ISC dhcpd
     * acknowledges in batches: when half of the window we announced waits, or 2 s after the first. With fewer than
     * that in flight (its own window limits us) every batch waits for the timer, and updates crawl at its window
     * per 2 s; an ISC pair configures the same value on both sides for this reason.
     */
    static Optional<String> windowAdvice(long peerMaxUnacked, int ownMaxUnacked) {
        if (2 * peerMaxUnacked >= ownMaxUnacked) {
            return Optional.empty();
        }
        return Optional.of("failover peer accepts fewer unacknowledged updates than half of ours peerMaxUnacked="
                + peerMaxUnacked + " maxUnackedUpdates=" + ownMaxUnacked + " effect=\"an ISC peer acknowledges when"
                + " half of our window waits or after 2 s: updates flow at " + peerMaxUnacked + " per 2 s\""
                + " fix=\"set maxUnackedUpdates = " + peerMaxUnacked + ", the peer's max-unacked-updates\"");
    }

    /** The link is down; what was in flight is sent first on the next one. */
    public void linkDown(String reason) {
        dropLink();
        LOG.info("failover link down reason=\"" + reason + "\"");
        handle(LocalEvent.LINK_LOST);
    }

    /**
     * This server is stopping and closed the link itself. The pair's state stays as it was: a stop is no event of
     * the pair, and ISC dhcpd rewrites nothing at SIGTERM either. Restarted, the server resumes from it (STARTUP
     * first) and learns from its peer what happened meanwhile: from NORMAL, a peer in PARTNER-DOWN sends it to
     * RECOVER, where it relearns every binding and waits MCLT before serving.
     */
    public void stopping() {
        dropLink();
        LOG.info("failover link closed: this server is stopping state=" + endpoint.effective());
    }

    private void dropLink() {
        channel = null;
        linked = false;
        window.close();
        answeringRequest = false;
        awaitingUpdates = Optional.empty();
    }

    /** Core committed these leases with a change for the peer; they are sent when the window allows. */
    @Override
    public void bindingsChanged(List<Lease> committed) {
        loop.execute(() -> {
            window.enqueue(committed.stream().map(Lease::address).toList());
            pump();
        });
    }

    /** A message from the peer, after the link's handshake. */
    public void received(FailoverMessage message) {
        lastHeard = now();
        if (LOG.isDebugEnabled()) {
            LOG.debug("failover received role=" + settings.role() + " message=" + message);
        }
        if (message instanceof State state) {
            handle(new PeerStateReceived(state.serverState().map(ServerState::code).orElse(0), state.isStartup()));
        } else if (message instanceof BindingUpdate update) {
            applyPeerUpdate(update);
        } else if (message instanceof BindingAck ack) {
            acknowledged(ack);
        } else if (message instanceof UpdateRequest) {
            answer(UpdateWindow.unacknowledged(store), false);
        } else if (message instanceof UpdateRequestAll) {
            answer(UpdateWindow.all(store), true);
        } else if (message instanceof UpdateDone) {
            awaitingUpdates = Optional.empty();
            handle(LocalEvent.UPDDONE_RECEIVED);
        } else if (message instanceof PoolRequest request) {
            balancePools(OptionalLong.of(request.header().xid()), false);
        }
    }

    /** The operator's partner-down. */
    public void partnerDown() {
        handle(LocalEvent.OPERATOR_PARTNER_DOWN);
    }

    /** The operator's shutdown: SHUTDOWN announced, no client answered until a restart. */
    public void shutdown() {
        handle(LocalEvent.OPERATOR_SHUTDOWN);
    }

    /** The operator's pause: PAUSED announced, no client answered until a restart. */
    public void pause() {
        handle(LocalEvent.OPERATOR_PAUSE);
    }

    private void handle(Event event) {
        Transition transition = machine.on(endpoint, event, now());
        endpoint = transition.after();
        perform(transition);
    }

    private void perform(Transition transition) {
        if (transition.mustPersist()) {
            try {
                stateFile.write(endpoint.persisted());
            } catch (IOException e) {
                throw new UncheckedIOException("failover state not written; not announced", e);
            }
        }
        if (transition.before().state() == FailoverState.NORMAL && endpoint.state() != FailoverState.NORMAL) {
            // Pool balancing runs on its schedule only in NORMAL; entering it again runs and schedules anew.
            balanceSchedule.cancel();
        }
        if (transition.before().effective() != endpoint.effective()) {
            LOG.info("failover state changed from=" + transition.before().effective() + " to="
                    + endpoint.effective() + " peer=" + endpoint.peerState());
        }
        publishView();
        for (Action action : transition.actions()) {
            perform(action);
        }
        if (transition.announces()) {
            announce();
        }
        pump();
    }

    private void perform(Action action) {
        if (action instanceof ArmTimer timer) {
            long delay = Math.max(0, Duration.between(now(), timer.due()).toMillis());
            loop.schedule(() -> handle(switch (timer.timer()) {
                case STARTUP -> LocalEvent.STARTUP_TIMEOUT;
                case RECOVER_WAIT -> LocalEvent.RECOVER_WAIT_EXPIRED;
                case AUTO_PARTNER_DOWN -> LocalEvent.AUTO_PARTNER_DOWN_EXPIRED;
            }), delay, TimeUnit.MILLISECONDS);
            return;
        }
        switch ((Step) action) {
            // A state change while linked (leaving PARTNER-DOWN or POTENTIAL-CONFLICT for NORMAL) keeps the link.
            case REQUEUE_UNACKED -> window.requeue();
            case SEND_UPDREQALL -> requestUpdates(MessageType.UPDREQALL);
            case SEND_UPDREQ -> requestUpdates(MessageType.UPDREQ);
            case SEND_QUEUED_UPDATES -> window.enqueue(UpdateWindow.unacknowledged(store));
            case BALANCE_POOLS -> balancePools(OptionalLong.empty(), false);
            case SET_TRANSITIONAL_TSFP -> core.holdTransitional(endpoint.stos().plus(endpoint.mclt()))
                    .whenComplete((held, failure) -> {
                        if (failure != null) {
                            LOG.error("partner-down hold of leases in transition failed error=\"" + failure + "\"");
                        }
                    });
            case SHUTDOWN_FATAL -> LOG.error("failover fatal state=" + endpoint.effective() + " peer="
                    + endpoint.peerState() + " action=\"stop the server and resolve the conflict by hand\"");
        }
    }

    /**
     * Balances the pools through core; answers a POOLREQ ({@code requestXid}) with how many moved. A run on the
     * schedule that finds this server short of leases asks the peer for some (POOLREQ), as ISC's does; runs on
     * entering NORMAL or for the peer never do. In NORMAL, the next run is scheduled from what this one found.
     */
    private void balancePools(OptionalLong requestXid, boolean scheduled) {
        core.balancePools().whenCompleteAsync((run, failure) -> {
            if (failure != null) {
                LOG.error("pool balancing failed error=\"" + failure + "\"");
            } else if (scheduled && run.shortOfLeases()) {
                LOG.info("pool balancing finds this server short of leases role=" + settings.role()
                        + " action=\"POOLREQ to the peer\"");
                send(new PoolRequest(header(xids.getAndIncrement())));
            }
            requestXid.ifPresent(xid -> send(new PoolResponse(header(xid),
                    Optional.of(failure == null ? (long) run.moved() : 0L))));
            if (endpoint.state() == FailoverState.NORMAL) {
                // A failed run found nothing: the next is due at max-balance, unless one is due sooner.
                balanceSchedule.ran(now(), failure == null ? run.oldestFreeSince() : Optional.empty(),
                        this::scheduledBalancing);
            }
            pump();
        }, loop);
    }

    /**
     * Sends an UPDREQ or UPDREQALL unless one asking for as much awaits its UPDDONE on this link: an UPDREQALL
     * outstanding answers an UPDREQ too.
     */
    private void requestUpdates(MessageType request) {
        if (channel == null) {
            return;
        }
        if (awaitingUpdates.filter(outstanding -> outstanding == MessageType.UPDREQALL || outstanding == request)
                .isPresent()) {
            LOG.debug("failover update request not repeated request=" + request + " awaiting=UPDDONE");
            return;
        }
        awaitingUpdates = Optional.of(request);
        long xid = xids.getAndIncrement();
        send(request == MessageType.UPDREQALL ? new UpdateRequestAll(header(xid)) : new UpdateRequest(header(xid)));
    }

    private void scheduledBalancing() {
        if (endpoint.state() == FailoverState.NORMAL) {
            balancePools(OptionalLong.empty(), true);
        }
    }

    private void applyPeerUpdate(BindingUpdate update) {
        long xid = update.header().xid();
        Optional<io.tandem.api.PeerUpdate> binding = BindingMessages.peerUpdate(update);
        if (binding.isEmpty()) {
            reject(xid, update.binding(), RejectReason.MISSING_BINDING_INFORMATION, "no address or binding status");
            return;
        }
        Ipv4Address address = binding.get().address();
        inArrivalOrder(address, () -> core.apply(binding.get()), (result, failure) -> {
            if (failure != null) {
                // Nothing acknowledged: the peer sends it again on the next link.
                LOG.error("peer update not stored address=" + address + " error=\"" + failure + "\"");
            } else if (result.isAccepted()) {
                send(new BindingAck(header(xid), Binding.ofAddress(address), Optional.empty(), Optional.empty()));
            } else {
                reject(xid, update.binding(), new RejectReason(result.rejectReason()), result.message());
            }
        });
    }

    /**
     * Runs {@code work} once core is done with the peer's earlier messages about {@code address}, then {@code
     * then} on the loop. Meanwhile our own updates of the address wait ({@link #pump}): a change that applying the
     * peer's update causes (its binding stored RELEASED, superseded) leaves after the BNDACK of that update, not
     * before it, where the peer would take it for a duel with its own update; and a change re-committed unchanged
     * while core stores the peer's acknowledgement of it does not leave a second time.
     */
    private <T> void inArrivalOrder(Ipv4Address address, Supplier<CompletionStage<T>> work,
                                    BiConsumer<T, Throwable> then) {
        CompletableFuture<?> earlier = coreWork.getOrDefault(address, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = earlier.handle((done, failure) -> null)
                .thenCompose(ignored -> work.get()).toCompletableFuture();
        coreWork.put(address, next);
        next.whenCompleteAsync((result, failure) -> {
            then.accept(result, failure);
            coreWork.remove(address, next);
            pump();
        }, loop);
    }

    private void reject(long xid, Binding binding, RejectReason reason, String message) {
        Binding address = binding.address().map(Binding::ofAddress).orElse(binding);
        send(new BindingAck(header(xid), address, Optional.of(reason), Optional.of(message)));
    }

    private void acknowledged(BindingAck ack) {
        Optional<UpdateWindow.InFlight> sent = window.acknowledged(ack.header().xid());
        if (sent.isEmpty()) {
            return;
        }
        if (ack.rejectReason().isPresent()) {
            // ISC drops a refused update until the next UPDREQ or NORMAL; the lease stays unacknowledged here.
            LOG.warn("peer refused update address=" + sent.get().address() + " reason="
                    + ack.rejectReason().get().code() + " message=\"" + ack.message().orElse("") + "\"");
        } else {
            inArrivalOrder(sent.get().address(), () -> core.acknowledged(sent.get().address(), sent.get().state(),
                    sent.get().potentialExpiry()), (stored, failure) -> {
                        if (failure != null) {
                            // Still unacknowledged in the store: sent again, which the peer takes as it took this.
                            LOG.error("peer acknowledgement not stored address=" + sent.get().address()
                                    + " error=\"" + failure + "\"");
                            window.enqueue(List.of(sent.get().address()));
                        }
                    });
        }
        pump();
    }

    private void answer(List<Ipv4Address> addresses, boolean all) {
        if (all) {
            window.enqueueAll(addresses);
        } else {
            window.enqueue(addresses);
        }
        answeringRequest = true;
        pump();
    }

    /** Sends what the window allows, and UPDDONE once a request of the peer is answered in full. */
    private void pump() {
        if (channel == null) {
            return;
        }
        window.take(store, coreWork::containsKey, this::announceFirst, xids::getAndIncrement, now())
                .forEach(this::send);
        inFlight = window.outstanding();
        if (answeringRequest && window.drained()) {
            answeringRequest = false;
            send(new UpdateDone(header(xids.getAndIncrement())));
        }
    }

    /**
     * Has core record that the peer may hear of the lease's state before its update leaves; the update follows on
     * the next pump. If that cannot be recorded, the update waits for the next link or request rather than go out
     * unrecorded, and rather than ask again at once.
     */
    private void announceFirst(Ipv4Address address) {
        inArrivalOrder(address, () -> core.announcing(address), (lease, failure) -> {
            if (failure != null || lease.filter(stored -> stored.rewind() != stored.state()).isPresent()) {
                LOG.error("failover update held back: not recorded as announced address=" + address + " error=\""
                        + (failure != null ? failure : "rewind state unchanged: " + lease.get()) + "\"");
                window.drop(address);
            }
        });
    }

    private void announce() {
        boolean starting = endpoint.saved().isPresent();
        send(new State(header(xids.getAndIncrement()), Optional.of(new ServerState(endpoint.effective().code())),
                Optional.of(starting ? State.STARTUP : 0), Optional.of(endpoint.stos())));
    }

    private void send(FailoverMessage message) {
        if (channel != null) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("failover sent role=" + settings.role() + " message=" + message);
            }
            channel.send(message);
        }
    }

    private void publishView() {
        view = settings.view(endpoint, receivedBuckets);
    }

    private Header header(long xid) {
        return new Header(now(), xid);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}

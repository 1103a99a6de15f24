package io.tandem.core;

import io.tandem.api.AllocatableAddresses;
import io.tandem.api.AllocationRequest;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.PolicyStatus;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DHCPDISCOVER → DHCPOFFER. In a pair, only the server load balancing picks answers, and a client whose latest
 * lease is the peer's is left to the peer. The address offered is, in order: the client's reservation, its live binding, the
 * offer already held for it, the address it asks for (option 50) when free, and finally what the allocation policy
 * proposes. Every address but a live binding or a reservation is held for the client (invariant 2).
 */
final class DiscoverHandler {

    /** How often the policy is asked when another client took its address meanwhile, before core's fallback. */
    private static final int POLICY_ATTEMPTS = 8;
    /** How long a policy's calls may take until one has returned (see {@link #deadline}). */
    static final Duration FIRST_ANSWER_DEADLINE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(DiscoverHandler.class);

    private final Bindings bindings;
    private final InstalledPolicies policies;
    private final PolicyCaller caller;
    private final Supplier<EngineSettings> settings;

    DiscoverHandler(Bindings bindings, InstalledPolicies policies, PolicyCaller caller,
                    Supplier<EngineSettings> settings) {
        this.bindings = bindings;
        this.policies = policies;
        this.caller = caller;
        this.settings = settings;
    }

    /** The drop of a DISCOVER in {@code served} that load balancing gives the peer; empty when this server answers it. */
    static Optional<Outcome> loadBalancedToPeer(FailoverView view, ServedSubnet served, ClientId client, int secs) {
        return LoadBalancer.answersDiscover(view, served, client, secs) ? Optional.empty()
                : Optional.of(Outcome.drop("load-balanced-to-peer"));
    }

    /**
     * The offer, or the drop reason. Runs on the caller's thread up to a call to the allocation policy, which runs
     * on {@code policyThread}: a policy may take its time, and the thread that received the DISCOVER must not wait
     * for it.
     */
    CompletionStage<Outcome> handle(Exchange exchange, Executor policyThread) {
        Optional<Outcome> peers = loadBalancedToPeer(exchange.failover(), exchange.served(), exchange.client(),
                exchange.request().secs());
        if (peers.isPresent()) {
            return done(peers.get());
        }
        Optional<Ipv4Address> reserved = exchange.served().settings().reservations()
                .addressFor(exchange.client(), exchange.hardware());
        if (reserved.isPresent()) {
            return done(offerReserved(exchange, reserved.get()));
        }
        List<Lease> leases = bindings.leasesOf(exchange.client(), exchange.served().subnet());
        Optional<Lease> active = Bindings.activeBinding(leases, exchange.client(), bindings.now());
        if (active.isPresent()) {
            return done(offer(exchange, active.get().address()));
        }
        if (leftToPeer(exchange.failover(), leases)) {
            return done(Outcome.drop("client-left-to-peer"));
        }
        Duration hold = settings.get().offerHold();
        Optional<HeldOffer> held = bindings.offers().heldFor(exchange.client(), bindings.now())
                .filter(offer -> exchange.served().subnet().contains(offer.address()));
        if (held.isPresent() && bindings.hold(exchange.served(), held.get().address(), exchange.client(),
                exchange.hardware(), hold)) {
            return done(offer(exchange, held.get().address()));
        }
        Optional<Ipv4Address> requested = exchange.requestedAddress()
                .filter(address -> bindings.isAllocatable(exchange.served(), address, exchange.client()));
        if (requested.isPresent() && holdFor(exchange, requested.get(), hold)) {
            return done(offer(exchange, requested.get()));
        }
        Optional<InstalledPolicies.Installed> chosen = policies.active();
        if (chosen.isEmpty()) {
            return done(offerFromPolicy(exchange, leases, hold, chosen));
        }
        return CompletableFuture.supplyAsync(() -> offerFromPolicy(exchange, leases, hold, chosen), policyThread);
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /**
     * The one-binding rule across the pair (reference §6.5 (c)): a client whose most recent lease sits in the
     * peer's free state while both servers cooperate gets no new address here; the peer, which may give it that
     * lease back, answers. Otherwise the client could end up with a binding on each side.
     */
    private static boolean leftToPeer(FailoverView view, List<Lease> leases) {
        if (!view.paired() || view.state() != FailoverState.NORMAL) {
            return false;
        }
        BindingState peersFree = view.role() == FailoverRole.PRIMARY ? BindingState.BACKUP : BindingState.FREE;
        return leases.stream().max(Comparator.comparing(Lease::cltt))
                .filter(latest -> latest.state() == peersFree).isPresent();
    }

    private Outcome offerReserved(Exchange exchange, Ipv4Address address) {
        Optional<Lease> stored = bindings.store().get(address);
        if (stored.isPresent() && Bindings.isLive(stored.get(), bindings.now())
                && !stored.get().client().equals(exchange.client())) {
            return Outcome.drop("reserved-address-bound-to-other-client");
        }
        return offer(exchange, address);
    }

    /**
     * What the active policy proposes, checked; the address free the longest when no policy is installed, or the
     * policy throws, misses its deadline or proposes an address that is not allocatable (counted and logged).
     *
     * <p>Another client's exchange may take an address between the proposal and the check or the hold: the policy
     * is then asked again. A proposal is judged a fault only when the policy, asked again, proposes the same
     * unallocatable address, or on the last attempt one that no other exchange is taking, so that contention under
     * load is not blamed on the policy. When every proposal was taken first (a burst of new clients, all proposed
     * the same address), core's own choice answers: the client is not left without an offer because others were
     * quicker.
     */
    private Outcome offerFromPolicy(Exchange exchange, List<Lease> leases, Duration hold,
                                    Optional<InstalledPolicies.Installed> chosen) {
        AllocatableAddresses allocatable = allocatable(exchange);
        if (chosen.isEmpty()) {
            return offerLongestFree(exchange, allocatable, hold);
        }
        AllocationRequest request = new AllocationRequest(exchange.client(), exchange.hardware(),
                exchange.requestedAddress(), exchange.served().subnet(), exchange.request().secs(), leases,
                allocatable, bindings.failoverView());
        Optional<Ipv4Address> refusedBefore = Optional.empty();
        for (int attempt = 0; attempt < POLICY_ATTEMPTS; attempt++) {
            Verdict verdict = judge(chosen.get(), request, exchange, refusedBefore, attempt == POLICY_ATTEMPTS - 1);
            if (verdict instanceof Verdict.Use use) {
                if (holdFor(exchange, use.address(), hold)) {
                    chosen.get().usage().served();
                    return offer(exchange, use.address());
                }
                // Another client's exchange took the address since the check: ask again.
            } else if (verdict instanceof Verdict.AskAgain again) {
                refusedBefore = Optional.of(again.taken());
            } else if (verdict instanceof Verdict.NoAddress) {
                return Outcome.drop("no-free-address");
            } else {
                return offerLongestFree(exchange, allocatable, hold);
            }
        }
        return offerLongestFree(exchange, allocatable, hold);
    }

    /**
     * Core's fallback: the address free the longest, held for the client. A hold fails only when another client's
     * exchange took the address since the look, which takes it out of the free index, so each look finds another
     * address: this ends with an offer, or with none left, within as many looks as there were free addresses.
     */
    private Outcome offerLongestFree(Exchange exchange, AllocatableAddresses allocatable, Duration hold) {
        for (long looks = allocatable.size() + 1; looks > 0; looks--) {
            Optional<Ipv4Address> address = allocatable.longestFree();
            if (address.isEmpty()) {
                return Outcome.drop("no-free-address");
            }
            if (holdFor(exchange, address.get(), hold)) {
                policies.fallbackUsage().served();
                return offer(exchange, address.get());
            }
        }
        // Only when addresses keep coming back to the pool as fast as others take them.
        return Outcome.drop("offer-contention");
    }

    /** What core makes of one answer of the policy. */
    private sealed interface Verdict {
        /** The proposal is allocatable to the client. */
        record Use(Ipv4Address address) implements Verdict { }

        /** The policy failed or proposed what it may not (counted and logged): core's fallback answers. */
        record Fallback() implements Verdict { }

        /** The proposal is not allocatable, perhaps just taken by another client's exchange: ask once more. */
        record AskAgain(Ipv4Address taken) implements Verdict { }

        /** The policy says no address can be given. */
        record NoAddress() implements Verdict { }
    }

    private Verdict judge(InstalledPolicies.Installed chosen, AllocationRequest request, Exchange exchange,
                          Optional<Ipv4Address> refusedBefore, boolean lastAttempt) {
        PolicyCaller.Answer answer = caller.call(chosen.policy(), request, deadline(chosen));
        chosen.usage().returned();
        if (answer instanceof PolicyCaller.Answer.Failed failed) {
            logFault(chosen, chosen.usage().failed(System.nanoTime()), failed.reason(), exchange, failed.detail());
            return new Verdict.Fallback();
        }
        if (!(((PolicyCaller.Answer.Proposed) answer).proposal() instanceof Proposal.Offer offer)) {
            return new Verdict.NoAddress();
        }
        if (bindings.isAllocatable(exchange.served(), offer.address(), exchange.client())) {
            return new Verdict.Use(offer.address());
        }
        // On the last attempt, only an address another exchange is taking is still contention.
        boolean proposedAgain = refusedBefore.filter(offer.address()::equals).isPresent();
        if (!proposedAgain && (!lastAttempt || bindings.isBeingTaken(offer.address(), exchange.client()))) {
            return new Verdict.AskAgain(offer.address());
        }
        logFault(chosen, chosen.usage().refused(System.nanoTime()), "policy-proposal-refused", exchange,
                "address " + offer.address() + " is not allocatable to this client");
        return new Verdict.Fallback();
    }

    /**
     * The configured deadline, or {@link #FIRST_ANSWER_DEADLINE} if longer while the policy has never returned: a
     * policy installed under load loads its classes in its first calls, which is not the policy's fault.
     */
    private Duration deadline(InstalledPolicies.Installed chosen) {
        Duration configured = settings.get().policyDeadline();
        return chosen.usage().returnedOnce() || configured.compareTo(FIRST_ANSWER_DEADLINE) >= 0 ? configured
                : FIRST_ANSWER_DEADLINE;
    }

    private static void logFault(InstalledPolicies.Installed chosen, long faults, String reason, Exchange exchange,
                                 String detail) {
        if (faults > 0) {
            LOG.warn("allocation policy fault policy=" + chosen.policy().name() + " reason=" + reason
                    + " client=" + exchange.client() + " detail=\"" + detail + "\" faults-since-last-line=" + faults
                    + " answered-by=" + PolicyStatus.FALLBACK);
        }
    }

    private boolean holdFor(Exchange exchange, Ipv4Address address, Duration hold) {
        return bindings.hold(exchange.served(), address, exchange.client(), exchange.hardware(), hold);
    }

    private AllocatableAddresses allocatable(Exchange exchange) {
        ServedSubnet served = exchange.served();
        return new AllocatableAddresses() {
            @Override
            public long size() {
                return served.free().size();
            }

            @Override
            public boolean contains(Ipv4Address address) {
                return bindings.isAllocatable(served, address, exchange.client());
            }

            @Override
            public Optional<Ipv4Address> longestFree() {
                return served.free().longestFree(this::contains);
            }

            @Override
            public Optional<Ipv4Address> firstFrom(Ipv4Address start) {
                return served.free().firstFrom(start, this::contains);
            }
        };
    }

    private Outcome offer(Exchange exchange, Ipv4Address address) {
        long granted = exchange.leadTime(bindings.store().get(address).orElse(null), bindings.now()).granted();
        return Outcome.reply(ReplyFactory.lease(exchange, MessageType.OFFER, address, granted));
    }
}

package io.tandem.core;

import io.tandem.api.AllocatableAddresses;
import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
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
import java.util.function.Supplier;

/**
 * DHCPDISCOVER → DHCPOFFER. In a pair, only the server load balancing picks answers, and a client whose latest
 * lease is the peer's is left to the peer. The address offered is, in order: the client's reservation, its live binding, the
 * offer already held for it, the address it asks for (option 50) when free, and finally what the allocation policy
 * proposes. Every address but a live binding or a reservation is held for the client (invariant 2).
 */
final class DiscoverHandler {

    /** How often a policy may propose an address another client took meanwhile before the DISCOVER is dropped. */
    private static final int POLICY_ATTEMPTS = 8;

    private final Bindings bindings;
    private final Supplier<Optional<AllocationPolicy>> policy;
    private final Supplier<EngineSettings> settings;

    DiscoverHandler(Bindings bindings, Supplier<Optional<AllocationPolicy>> policy, Supplier<EngineSettings> settings) {
        this.bindings = bindings;
        this.policy = policy;
        this.settings = settings;
    }

    /** The drop of a DISCOVER in {@code served} that load balancing gives the peer; empty when this server answers it. */
    static Optional<Outcome> loadBalancedToPeer(FailoverView view, ServedSubnet served, ClientId client, int secs) {
        return LoadBalancer.answersDiscover(view, served, client, secs) ? Optional.empty()
                : Optional.of(Outcome.drop("load-balanced-to-peer"));
    }

    /** The offer, or the drop reason. */
    Outcome handle(Exchange exchange) {
        Optional<Outcome> peers = loadBalancedToPeer(exchange.failover(), exchange.served(), exchange.client(),
                exchange.request().secs());
        if (peers.isPresent()) {
            return peers.get();
        }
        Optional<Ipv4Address> reserved = exchange.served().settings().reservations()
                .addressFor(exchange.client(), exchange.hardware());
        if (reserved.isPresent()) {
            return offerReserved(exchange, reserved.get());
        }
        List<Lease> leases = bindings.leasesOf(exchange.client(), exchange.served().subnet());
        Optional<Lease> active = Bindings.activeBinding(leases, exchange.client(), bindings.now());
        if (active.isPresent()) {
            return offer(exchange, active.get().address());
        }
        if (leftToPeer(exchange.failover(), leases)) {
            return Outcome.drop("client-left-to-peer");
        }
        Duration hold = settings.get().offerHold();
        Optional<HeldOffer> held = bindings.offers().heldFor(exchange.client(), bindings.now())
                .filter(offer -> exchange.served().subnet().contains(offer.address()));
        if (held.isPresent() && bindings.hold(exchange.served(), held.get().address(), exchange.client(),
                exchange.hardware(), hold)) {
            return offer(exchange, held.get().address());
        }
        Optional<Ipv4Address> requested = exchange.requestedAddress()
                .filter(address -> bindings.isAllocatable(exchange.served(), address, exchange.client()));
        if (requested.isPresent() && holdFor(exchange, requested.get(), hold)) {
            return offer(exchange, requested.get());
        }
        return offerFromPolicy(exchange, leases, hold);
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

    private Outcome offerFromPolicy(Exchange exchange, List<Lease> leases, Duration hold) {
        Optional<AllocationPolicy> chosen = policy.get();
        if (chosen.isEmpty()) {
            return Outcome.drop("no-allocation-policy");
        }
        AllocationRequest request = new AllocationRequest(exchange.client(), exchange.hardware(),
                exchange.requestedAddress(), exchange.served().subnet(), exchange.request().secs(), leases,
                allocatable(exchange), bindings.failoverView());
        // Another client's exchange may take the proposed address between the proposal and the hold: ask again.
        String lastFailure = "offer-contention";
        for (int attempt = 0; attempt < POLICY_ATTEMPTS; attempt++) {
            Proposal proposal = chosen.get().propose(request);
            if (proposal instanceof Proposal.Silent) {
                return Outcome.drop("policy-silent");
            }
            if (proposal instanceof Proposal.NoAddress) {
                return Outcome.drop("no-free-address");
            }
            Ipv4Address address = ((Proposal.Offer) proposal).address();
            if (!bindings.isAllocatable(exchange.served(), address, exchange.client())) {
                lastFailure = "policy-proposal-refused";
            } else if (holdFor(exchange, address, hold)) {
                return offer(exchange, address);
            } else {
                lastFailure = "offer-contention";
            }
        }
        return Outcome.drop(lastFailure);
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
                return served.free().longestFree(address -> bindings.isAllocatable(served, address, exchange.client()));
            }
        };
    }

    private Outcome offer(Exchange exchange, Ipv4Address address) {
        long granted = exchange.leadTime(bindings.store().get(address).orElse(null), bindings.now()).granted();
        return Outcome.reply(ReplyFactory.lease(exchange, MessageType.OFFER, address, granted));
    }
}

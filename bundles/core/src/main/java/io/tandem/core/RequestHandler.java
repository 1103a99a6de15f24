package io.tandem.core;

import io.tandem.api.ReceivingLink;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * DHCPREQUEST in each client state of RFC 2131 §4.3.2. SELECTING names a server: ours commits and ACKs the offer,
 * another's drops ours. INIT-REBOOT asks for an address it had; RENEWING (unicast) and REBINDING (broadcast) carry
 * it in ciaddr. A request for an address bound to another client, or outside the client's network, is NAKed; one
 * this server knows nothing about, or (in a pair) one whose lease is not ours to give, is left to whoever does.
 * The ACK leaves only after the lease is durable; in a pair its time follows the MCLT rule ({@link LeadTime}).
 */
final class RequestHandler {

    private enum Kind { BIND, NAK, UNKNOWN, PEERS }

    /** What to do with the request; a NAK carries why, sent to the client in its message option (56). */
    private record Verdict(Kind kind, String why) {
        static final Verdict BIND = new Verdict(Kind.BIND, null);
        static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, null);
        static final Verdict PEERS = new Verdict(Kind.PEERS, null);

        static Verdict nak(String why) {
            return new Verdict(Kind.NAK, why);
        }
    }

    private final Bindings bindings;
    private final Supplier<EngineSettings> settings;

    RequestHandler(Bindings bindings, Supplier<EngineSettings> settings) {
        this.bindings = bindings;
        this.settings = settings;
    }

    CompletionStage<Outcome> handle(Exchange exchange) {
        Optional<Outcome> elsewhere = selectedOtherServer(exchange.request(), exchange.link(), exchange.client());
        if (elsewhere.isPresent()) {
            return done(elsewhere.get());
        }
        boolean selecting = exchange.request().serverIdentifier().isPresent();
        Optional<Ipv4Address> asked = exchange.requestedAddress()
                .or(() -> Optional.of(exchange.request().ciaddr()).filter(address -> !address.isAny()));
        if (asked.isEmpty()) {
            return done(Outcome.drop("request-without-address"));
        }
        Ipv4Address address = asked.get();
        if (!exchange.served().subnet().contains(address)) {
            return done(Outcome.reply(ReplyFactory.nak(exchange, "address not on this network")));
        }
        Verdict verdict = verdict(exchange, address, selecting);
        return switch (verdict.kind()) {
            case BIND -> bind(exchange, address);
            case NAK -> done(Outcome.reply(ReplyFactory.nak(exchange, verdict.why())));
            case UNKNOWN -> done(Outcome.drop("request-for-unknown-binding"));
            case PEERS -> done(Outcome.drop("lease-owned-by-peer"));
        };
    }

    /**
     * A REQUEST naming another server's identifier selects that server's offer: ours to the client, if any, goes
     * back to the pool and the request is dropped. Empty when the request is for us.
     */
    Optional<Outcome> selectedOtherServer(DhcpMessage request, ReceivingLink link, ClientId client) {
        if (Exchange.isForUs(request, link)) {
            return Optional.empty();
        }
        bindings.dropOffer(client);
        return Optional.of(Outcome.drop("client-selected-other-server"));
    }

    private Verdict verdict(Exchange exchange, Ipv4Address address, boolean selecting) {
        ServedSubnet served = exchange.served();
        Optional<Ipv4Address> reserved = served.settings().reservations()
                .addressFor(exchange.client(), exchange.hardware());
        if (reserved.isPresent()) {
            return reserved.get().equals(address) ? Verdict.BIND : Verdict.nak("client has a reservation elsewhere");
        }
        if (served.settings().reservations().isReserved(address)) {
            return Verdict.nak("address reserved for another client");
        }
        Optional<Lease> stored = bindings.store().get(address);
        if (stored.isPresent() && Bindings.isLive(stored.get(), bindings.now())) {
            return stored.get().client().equals(exchange.client()) ? Verdict.BIND
                    : Verdict.nak("address bound to another client");
        }
        Optional<HeldOffer> held = bindings.offers().heldAt(address);
        if (held.isPresent()) {
            return held.get().client().equals(exchange.client()) ? Verdict.BIND
                    : Verdict.nak("address offered to another client");
        }
        if (exchange.failover().paired() && stored.isPresent()
                && !Ownership.mayAllocate(stored, exchange.failover(), bindings.now())) {
            // With lazy updates the peer may just have ACKed this address: silence, not a NAK (reference §6.2).
            return stored.get().state() == BindingState.RESET ? Verdict.nak("address reset by the peer")
                    : Verdict.PEERS;
        }
        boolean lastOurs = stored.map(lease -> exchange.client().equals(lease.client())).orElse(false);
        // Checked and held in one step under the offer book's lock: a look at the free index without it may catch an
        // address between two places (a lapsed offer the sweep is returning to the pool is in neither for a moment)
        // and NAK a client for an address that is free.
        if ((selecting || lastOurs)
                && bindings.hold(served, address, exchange.client(), exchange.hardware(), settings.get().offerHold())) {
            return Verdict.BIND;
        }
        if (selecting || stored.map(lease -> lease.state() == BindingState.ABANDONED).orElse(false)) {
            return Verdict.nak("address not available");
        }
        return stored.isPresent() && !lastOurs ? Verdict.nak("address not available") : Verdict.UNKNOWN;
    }

    private CompletionStage<Outcome> bind(Exchange exchange, Ipv4Address address) {
        LeadTime lead = exchange.leadTime(bindings.store().get(address).orElse(null), bindings.now());
        try {
            return bindings.bind(exchange.served(), exchange.binding(address, lead)).thenApply(lease ->
                    Outcome.reply(ReplyFactory.lease(exchange, MessageType.ACK, address, lead.granted())));
        } catch (InvariantViolation refused) {
            return done(Outcome.reply(ReplyFactory.nak(exchange, "address not available: " + refused.getMessage())));
        }
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}

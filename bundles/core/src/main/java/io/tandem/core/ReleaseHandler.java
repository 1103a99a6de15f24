package io.tandem.core;

import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The messages a client sends to give an address back, neither answered: DHCPRELEASE ends its binding (its identity
 * stays on the lease, so it gets the same address next time); DHCPDECLINE says the address is in use by someone
 * else, so it is abandoned for the decline hold and the client gets another one.
 */
final class ReleaseHandler {

    private final Bindings bindings;
    private final Supplier<EngineSettings> settings;

    ReleaseHandler(Bindings bindings, Supplier<EngineSettings> settings) {
        this.bindings = bindings;
        this.settings = settings;
    }

    CompletionStage<Outcome> release(Exchange exchange) {
        if (!exchange.isForUs()) {
            return done(Outcome.drop("release-for-other-server"));
        }
        bindings.dropOffer(exchange.client());
        Optional<Lease> active = liveBindingOf(exchange, exchange.request().ciaddr());
        if (active.isEmpty()) {
            return done(Outcome.drop("release-without-binding"));
        }
        return bindings.release(exchange.served(), active.get()).thenApply(released -> Outcome.SILENT);
    }

    CompletionStage<Outcome> decline(Exchange exchange) {
        Optional<Ipv4Address> address = exchange.requestedAddress();
        if (!exchange.isForUs() || address.isEmpty()) {
            return done(Outcome.drop("decline-not-for-us"));
        }
        boolean offeredToClient = bindings.offers().heldFor(exchange.client(), bindings.now())
                .filter(offer -> offer.address().equals(address.get())).isPresent();
        if (!offeredToClient && liveBindingOf(exchange, address.get()).isEmpty()) {
            return done(Outcome.drop("decline-without-binding"));
        }
        return bindings.abandon(exchange.served(), address.get(), settings.get().declineHold(), exchange.client())
                .thenApply(abandoned -> Outcome.SILENT);
    }

    private Optional<Lease> liveBindingOf(Exchange exchange, Ipv4Address address) {
        return bindings.store().get(address)
                .filter(lease -> Bindings.isLive(lease, bindings.now()))
                .filter(lease -> lease.client().equals(exchange.client()));
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}

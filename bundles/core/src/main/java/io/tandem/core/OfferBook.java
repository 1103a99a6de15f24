package io.tandem.core;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offers held in memory, by address and by client: an address is held for at most one client, and a client
 * holds at most one address. Offers are never stored or sent to a peer (invariant 1).
 */
final class OfferBook {

    private final Map<Ipv4Address, HeldOffer> byAddress = new ConcurrentHashMap<>();
    private final Map<ClientId, HeldOffer> byClient = new ConcurrentHashMap<>();

    /**
     * Holds {@code offer.address()} for {@code offer.client()}, replacing that client's earlier hold. The caller
     * ({@link Bindings#hold}) has made sure under this object's lock that no other client holds the address.
     *
     * @return the client's previous hold of another address, which the caller returns to the pool; or empty
     * @throws IllegalStateException if another client holds the address, which that guarantee rules out
     */
    synchronized Optional<HeldOffer> hold(HeldOffer offer) {
        HeldOffer current = byAddress.get(offer.address());
        if (current != null && !current.client().equals(offer.client())) {
            throw new IllegalStateException(offer.address() + " is held for " + current.client());
        }
        HeldOffer previous = byClient.put(offer.client(), offer);
        if (previous != null && !previous.address().equals(offer.address())) {
            byAddress.remove(previous.address());
        }
        byAddress.put(offer.address(), offer);
        return previous == null || previous.address().equals(offer.address()) ? Optional.empty() : Optional.of(previous);
    }

    /** The live hold of {@code client}, if any. */
    Optional<HeldOffer> heldFor(ClientId client, Instant now) {
        HeldOffer offer = byClient.get(client);
        return offer == null || offer.isExpired(now) ? Optional.empty() : Optional.of(offer);
    }

    /** The hold of {@code address}, live or lapsed but not yet swept. */
    Optional<HeldOffer> heldAt(Ipv4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** Drops the hold of {@code client}; returns it so that the caller can return the address to the pool. */
    synchronized Optional<HeldOffer> drop(ClientId client) {
        HeldOffer offer = byClient.remove(client);
        if (offer != null) {
            byAddress.remove(offer.address(), offer);
        }
        return Optional.ofNullable(offer);
    }

    /** Removes and returns every lapsed hold. */
    synchronized List<HeldOffer> removeExpired(Instant now) {
        List<HeldOffer> expired = new ArrayList<>();
        for (HeldOffer offer : byAddress.values()) {
            if (offer.isExpired(now)) {
                expired.add(offer);
            }
        }
        for (HeldOffer offer : expired) {
            byAddress.remove(offer.address(), offer);
            byClient.remove(offer.client(), offer);
        }
        return expired;
    }

    /** Every hold, live or lapsed. */
    List<HeldOffer> all() {
        return List.copyOf(byAddress.values());
    }
}

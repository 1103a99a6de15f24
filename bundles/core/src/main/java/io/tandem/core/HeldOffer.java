package io.tandem.core;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;

/**
 * An address held for a client between DHCPOFFER and DHCPREQUEST. Lives only in memory (invariant 1).
 *
 * @param freeSince when the address became free, restored to the pool if the offer lapses
 * @param expires when the hold lapses
 */
record HeldOffer(Ipv4Address address, ClientId client, HardwareAddress hardware, Instant freeSince, Instant expires) {

    boolean isExpired(Instant now) {
        return !expires.isAfter(now);
    }
}

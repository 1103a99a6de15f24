package io.tandem.core;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fixed addresses of one subnet, by hardware address or by client identifier. A reserved address is given only to
 * its client and never enters the dynamic pool.
 */
record Reservations(Map<HardwareAddress, Ipv4Address> byHardware, Map<ClientId, Ipv4Address> byClientId) {

    Reservations {
        byHardware = Map.copyOf(byHardware);
        byClientId = Map.copyOf(byClientId);
    }

    /** The address reserved for a client, matched first by client identifier, then by hardware address. */
    Optional<Ipv4Address> addressFor(ClientId client, HardwareAddress hardware) {
        Ipv4Address byId = byClientId.get(client);
        return byId != null ? Optional.of(byId) : Optional.ofNullable(byHardware.get(hardware));
    }

    /** Every reserved address. */
    Set<Ipv4Address> addresses() {
        Set<Ipv4Address> all = new HashSet<>(byHardware.values());
        all.addAll(byClientId.values());
        return all;
    }

    /** Every reservation as written in a configuration file, {@code MAC=ADDRESS} or {@code id:HEX=ADDRESS}, by address. */
    List<String> asEntries() {
        Map<Ipv4Address, String> byAddress = new TreeMap<>();
        byHardware.forEach((hardware, address) -> byAddress.put(address, hardware + "=" + address));
        byClientId.forEach((client, address) -> byAddress.put(address, client + "=" + address));
        return List.copyOf(byAddress.values());
    }

    /** True if {@code address} is reserved, for this client or another. */
    boolean isReserved(Ipv4Address address) {
        return byHardware.containsValue(address) || byClientId.containsValue(address);
    }
}

package io.tandem.api;

import io.tandem.protocol.Ipv4Address;
import java.util.Objects;

/**
 * Where a request arrived: the served interface and this server's IPv4 address on it. Core selects the subnet of
 * a directly connected client by {@code address} and uses it as the server identifier (option 54).
 *
 * @param interfaceName the network interface the datagram arrived on ({@code "eth1"})
 * @param address this server's address on that interface
 */
public record ReceivingLink(String interfaceName, Ipv4Address address) {

    public ReceivingLink {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return interfaceName + "/" + address;
    }
}

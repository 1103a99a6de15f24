package io.tandem.failover.audit;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.Ipv4Address;
import java.util.Objects;

/**
 * An ACTIVE lease as one server holds it: which server, which address, which client.
 *
 * @param server the server holding the lease
 * @param address the leased address
 * @param client the client the address is bound to
 */
public record Holding(Server server, Ipv4Address address, ClientId client) {

    public Holding {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return address + " to " + client + " on the " + server;
    }
}

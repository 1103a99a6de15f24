package io.tandem.failover.audit;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.protocol.Ipv4Address;

/**
 * A lease naming a client, in any state, whose client the peer does not have on that address at all: a change
 * that never reached the peer, or the failover-protocol.md §6 symptom of an identity written onto a free lease and
 * never synchronised.
 *
 * @param address the address
 * @param server the server whose lease names the client
 * @param client the client the peer does not know for the address
 * @param state the lease's state on {@code server}
 */
public record UnknownToPeer(Ipv4Address address, Server server, ClientId client, BindingState state)
        implements Finding {

    @Override
    public String description() {
        return address + " is " + state + " for " + client + " on the " + server + ", which the " + server.peer()
                + " does not know for that address";
    }
}

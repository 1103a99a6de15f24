package io.tandem.api;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Objects;

/**
 * One binding the failover peer sent (a BNDUPD), as core applies it. Times the peer left out are
 * {@link Lease#UNSET}.
 *
 * @param address the assigned IP address
 * @param state the binding status
 * @param client the client identity: option 61 when the peer sent one, else derived from the chaddr; null if neither
 * @param hardware the chaddr, or null
 * @param start the start time of state (STOS): when the binding began
 * @param end the lease expiration time told to the client
 * @param potentialExpiry the potential expiration time the peer promises not to exceed without telling us
 * @param cltt the client's last transaction time, as the peer saw it
 */
public record PeerUpdate(Ipv4Address address, BindingState state, ClientId client, HardwareAddress hardware,
                         Instant start, Instant end, Instant potentialExpiry, Instant cltt) {

    public PeerUpdate {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(potentialExpiry, "potentialExpiry");
        Objects.requireNonNull(cltt, "cltt");
    }
}

package io.tandem.api;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link AllocationPolicy} may base its proposal on.
 *
 * @param client the client's identity
 * @param hardware the client's hardware address
 * @param requested the address the client asked for (option 50), if any
 * @param subnet the subnet the request was placed in
 * @param secs seconds the client says it has been trying (the {@code secs} header field)
 * @param clientLeases every stored lease of this client in {@code subnet}, any state
 * @param allocatable what this server may allocate to a new client right now
 * @param failover the failover view for this request
 */
public record AllocationRequest(
        ClientId client,
        HardwareAddress hardware,
        Optional<Ipv4Address> requested,
        Subnet subnet,
        int secs,
        List<Lease> clientLeases,
        AllocatableAddresses allocatable,
        FailoverView failover) {

    public AllocationRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(subnet, "subnet");
        clientLeases = List.copyOf(clientLeases);
        Objects.requireNonNull(allocatable, "allocatable");
        Objects.requireNonNull(failover, "failover");
    }
}

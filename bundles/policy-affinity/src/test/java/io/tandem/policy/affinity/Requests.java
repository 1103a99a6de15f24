package io.tandem.policy.affinity;

import io.tandem.api.AllocatableAddresses;
import io.tandem.api.AllocationRequest;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the requests and leases the policy tests feed the policy. */
final class Requests {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Subnet SUBNET = Subnet.parse("192.0.2.0/24", List.of(PoolRange.parse("192.0.2.10-192.0.2.250")));
    static final HardwareAddress MAC = HardwareAddress.parseEthernet("52:54:00:12:34:56");
    static final ClientId CLIENT = ClientId.fromHardware(MAC);

    private Requests() {
    }

    static AllocationRequest request(List<Lease> clientLeases, AllocatableAddresses allocatable) {
        return request(clientLeases, allocatable, FailoverView.STANDALONE);
    }

    static AllocationRequest request(List<Lease> clientLeases, AllocatableAddresses allocatable,
            FailoverView failover) {
        return new AllocationRequest(CLIENT, MAC, Optional.empty(), SUBNET, 0, clientLeases, allocatable, failover);
    }

    /** A lease of {@link #CLIENT} in {@code state} last used at {@code cltt}, ending an hour later. */
    static Lease lease(String address, BindingState state, Instant cltt) {
        return lease(Ipv4Address.parse(address), state, cltt, cltt.plus(Duration.ofHours(1)));
    }

    static Lease lease(Ipv4Address address, BindingState state, Instant cltt, Instant end) {
        return Lease.builder(address)
                .state(state)
                .client(CLIENT)
                .hardware(MAC)
                .start(cltt)
                .end(end)
                .cltt(cltt)
                .build();
    }

    /** A failover view of a primary in NORMAL that load balances every client to its peer. */
    static FailoverView pairLoadBalancingToThePeer() {
        return new FailoverView(FailoverRole.PRIMARY, FailoverState.NORMAL, Instant.EPOCH, FailoverState.NORMAL,
                Duration.ofHours(1), HashBuckets.NONE, 3, FailoverView.ISC_MAX_LEASE_MISBALANCE,
                FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }
}

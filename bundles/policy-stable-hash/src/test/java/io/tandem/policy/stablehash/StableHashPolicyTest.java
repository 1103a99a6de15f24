package io.tandem.policy.stablehash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationRequest;
import io.tandem.api.FailoverView;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StableHashPolicyTest {

    private static final Subnet SMALL = Subnet.parse("192.0.2.0/24",
            List.of(PoolRange.parse("192.0.2.10-192.0.2.19"), PoolRange.parse("192.0.2.100-192.0.2.199")));
    private final StableHashPolicy policy = new StableHashPolicy();

    static HardwareAddress mac(int n) {
        return HardwareAddress.of(HardwareAddress.ETHERNET,
                new byte[] {0x52, 0x54, 0, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    static AllocationRequest request(int n, Subnet subnet, FreePool free, List<Lease> leases) {
        return new AllocationRequest(ClientId.fromHardware(mac(n)), mac(n), Optional.empty(), subnet, 0, leases, free,
                FailoverView.STANDALONE);
    }

    /** What the policy offers client {@code n}, taken from {@code free}; empty when it has nothing. */
    Optional<Ipv4Address> place(int n, Subnet subnet, FreePool free) {
        Proposal proposal = policy.propose(request(n, subnet, free, List.of()));
        if (proposal instanceof Proposal.Offer offer) {
            free.take(offer.address());
            return Optional.of(offer.address());
        }
        return Optional.empty();
    }

    @Test
    void aNewClientGetsItsHomeInsideThePoolsAndTheNextFreeAddressWhenHomeIsTaken() {
        int n = 7;
        Ipv4Address home = HomeAddress.of(ClientId.fromHardware(mac(n)), SMALL);
        assertThat(SMALL.pools()).anyMatch(pool -> pool.contains(home));
        assertThat(place(n, SMALL, new FreePool(SMALL))).contains(home);

        FreePool homeTaken = new FreePool(SMALL);
        homeTaken.take(home);
        Ipv4Address next = homeTaken.firstFrom(home).orElseThrow();
        assertThat(place(n, SMALL, homeTaken)).contains(next);
    }

    @Test
    void aReturningClientKeepsItsPreviousAddressWhileItIsFree() {
        int n = 7;
        Ipv4Address home = HomeAddress.of(ClientId.fromHardware(mac(n)), SMALL);
        Ipv4Address previous = home.equals(Ipv4Address.parse("192.0.2.10")) ? Ipv4Address.parse("192.0.2.11")
                : Ipv4Address.parse("192.0.2.10");
        Lease expired = Lease.builder(previous).state(BindingState.FREE).client(ClientId.fromHardware(mac(n)))
                .hardware(mac(n)).start(Instant.EPOCH).end(Instant.EPOCH.plusSeconds(60))
                .cltt(Instant.EPOCH).build();
        FreePool free = new FreePool(SMALL);
        assertThat(policy.propose(request(n, SMALL, free, List.of(expired)))).isEqualTo(new Proposal.Offer(previous));
        free.take(previous);
        assertThat(policy.propose(request(n, SMALL, free, List.of(expired)))).isEqualTo(new Proposal.Offer(home));
    }

    @Test
    void anExhaustedPoolGetsNoAddress() {
        FreePool free = new FreePool(SMALL);
        for (int n = 0; n < 110; n++) {
            assertThat(place(n, SMALL, free)).isPresent();
        }
        assertThat(policy.propose(request(110, SMALL, free, List.of()))).isInstanceOf(Proposal.NoAddress.class);
    }

    @Test
    void devicesGetTheSameAddressesAfterTheLeaseDatabaseIsLost() {
        Subnet campus = Subnet.parse("10.20.0.0/16", List.of(PoolRange.parse("10.20.0.1-10.20.255.254")));
        FreePool first = new FreePool(campus);
        Map<Integer, Ipv4Address> before = new HashMap<>();
        for (int n = 0; n < 2_000; n++) {
            before.put(n, place(n, campus, first).orElseThrow());
        }
        List<Integer> returning = new ArrayList<>(before.keySet());
        Collections.shuffle(returning, new Random(5));
        FreePool lost = new FreePool(campus);
        long same = returning.stream().filter(n -> place(n, campus, lost).orElseThrow().equals(before.get(n))).count();
        // Only clients sharing a home (about 2000² / 2 / 65534 ≈ 31 pairs) may swap places when they return in
        // another order.
        assertThat(same).isGreaterThanOrEqualTo(2_000 - 2 * 60);
    }
}

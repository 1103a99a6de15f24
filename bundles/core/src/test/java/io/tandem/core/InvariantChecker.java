package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks ARCHITECTURE.md invariants 1 and 2 on one engine's store, offers and pool indexes, plus the bookkeeping
 * they rest on: the free index holds exactly the dynamic addresses nobody holds that this server may allocate in
 * its failover role and state (standalone: those nobody binds or has abandoned), and the pool census counts the
 * dynamic addresses' stored states.
 */
final class InvariantChecker {

    private InvariantChecker() {
    }

    static void check(Engine engine) {
        Instant now = engine.bindings().now();
        for (ServedSubnet served : engine.catalog().subnets()) {
            Map<Ipv4Address, Lease> stored = new HashMap<>();
            engine.bindings().store().scan(served.subnet().network(), served.subnet().broadcast(),
                    lease -> stored.put(lease.address(), lease));
            Map<ClientId, List<Ipv4Address>> liveByClient = new HashMap<>();
            for (Lease lease : stored.values()) {
                if (Bindings.isLive(lease, now)) {
                    liveByClient.computeIfAbsent(lease.client(), c -> new ArrayList<>()).add(lease.address());
                }
            }
            liveByClient.forEach((client, addresses) -> assertThat(addresses)
                    .as("invariant 1: live bindings of %s in %s", client, served.subnet()).hasSize(1));

            for (HeldOffer offer : engine.bindings().offers().all()) {
                Lease lease = stored.get(offer.address());
                if (served.subnet().contains(offer.address()) && lease != null && Bindings.isLive(lease, now)) {
                    assertThat(lease.client()).as("invariant 2: %s offered to one client, bound to another",
                            offer.address()).isEqualTo(offer.client());
                }
            }
            Map<BindingState, Long> census = new EnumMap<>(BindingState.class);
            for (Ipv4Address address : served.subnet().pools().stream().flatMap(pool -> addresses(pool.first(),
                    pool.last()).stream()).toList()) {
                Lease lease = stored.get(address);
                if (served.isDynamic(address)) {
                    census.merge(lease == null ? BindingState.FREE : lease.state(), 1L, Long::sum);
                }
                boolean held = engine.bindings().offers().heldAt(address).isPresent();
                boolean shouldBeFree = served.isDynamic(address) && !held
                        && Ownership.mayAllocate(Optional.ofNullable(lease), engine.bindings().failoverView(), now);
                assertThat(served.free().contains(address)).as("free index of %s (lease %s, held %s)", address,
                        Optional.ofNullable(lease).map(Lease::state), held).isEqualTo(shouldBeFree);
            }
            for (BindingState state : BindingState.values()) {
                assertThat(served.census().count(state)).as("pool census of %s in %s", state, served.subnet())
                        .isEqualTo(census.getOrDefault(state, 0L));
            }
        }
    }

    private static List<Ipv4Address> addresses(Ipv4Address first, Ipv4Address last) {
        List<Ipv4Address> all = new ArrayList<>();
        for (Ipv4Address a = first; a.compareTo(last) <= 0; a = a.next()) {
            all.add(a);
            if (a.equals(last)) {
                break;
            }
        }
        return all;
    }
}

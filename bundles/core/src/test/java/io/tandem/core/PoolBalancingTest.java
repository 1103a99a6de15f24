package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool balancing (reference §4): each server of a pair ends up with half a pool's free addresses. */
class PoolBalancingTest {

    @TempDir
    Path directory;
    private EngineFixture server;

    @AfterEach
    void stop() {
        server.close();
    }

    private void start(FailoverRole role, List<Lease> stored) throws Exception {
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()));
        server.failover.view(new FailoverView(role, FailoverState.NORMAL, server.clock.instant(),
                FailoverState.NORMAL, Duration.ofSeconds(60), role == FailoverRole.PRIMARY ? HashBuckets.split(128)
                : HashBuckets.split(128).inverted(), 3));
        if (!stored.isEmpty()) {
            server.store().commit(stored).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        server.restart();
    }

    private int balance() throws Exception {
        return server.engine().balancePools().get(10, TimeUnit.SECONDS);
    }

    private long stored(BindingState state) {
        long[] count = {0};
        server.store().scan(Ipv4Address.parse("192.0.2.0"), Ipv4Address.parse("192.0.2.255"), lease -> {
            if (lease.state() == state) {
                count[0]++;
            }
        });
        return count[0];
    }

    @Test
    void a_fresh_primary_gives_the_secondary_half_its_pool_marked_for_the_peer() throws Exception {
        start(FailoverRole.PRIMARY, List.of());

        assertThat(balance()).isEqualTo(50);

        assertThat(stored(BindingState.BACKUP)).isEqualTo(50);
        assertThat(server.engine().catalog().subnets().get(0).free().size()).isEqualTo(50);
        assertThat(server.failover.changed).hasSize(50).allMatch(Lease::isUnacknowledged);
        assertThat(balance()).as("balanced already").isZero();
        InvariantChecker.check(server.engine());
    }

    @Test
    void two_runs_at_once_give_half_the_pool_not_more() throws Exception {
        start(FailoverRole.PRIMARY, List.of());
        server.steering().randomLatency(new java.util.Random(7), 50);

        var first = server.engine().balancePools();
        var second = server.engine().balancePools();

        assertThat(first.get(10, TimeUnit.SECONDS) + second.get(10, TimeUnit.SECONDS)).isEqualTo(50);
        assertThat(stored(BindingState.BACKUP)).isEqualTo(50);
    }

    @Test
    void addresses_whose_last_client_hashes_to_the_peer_go_first() throws Exception {
        List<Lease> affinity = new ArrayList<>();
        List<Ipv4Address> peersClients = new ArrayList<>();
        for (int n = 1, last = 100; peersClients.size() < 5; n++) {
            TestClient client = new TestClient(n);
            ClientId id = ClientId.of(client.discover());
            if (LoadBalancer.bucket(id) >= 128) {
                Ipv4Address address = Ipv4Address.parse("192.0.2." + (last + 90 - peersClients.size()));
                affinity.add(Lease.builder(address).state(BindingState.FREE).client(id).hardware(client.mac())
                        .build());
                peersClients.add(address);
            }
        }
        start(FailoverRole.PRIMARY, affinity);

        balance();

        peersClients.forEach(address -> assertThat(server.store().get(address).orElseThrow().state())
                .as(address + " last used by a client of the peer").isEqualTo(BindingState.BACKUP));
    }

    @Test
    void balancing_right_after_entering_normal_counts_what_the_new_state_makes_ours() throws Exception {
        start(FailoverRole.PRIMARY, List.of());
        FailoverView normal = server.failover.view();
        server.failover.view(new FailoverView(normal.role(), FailoverState.RECOVER, normal.stateSince(),
                FailoverState.RECOVER, normal.mclt(), normal.ownBuckets(), 3));
        server.advanceAndSweep(Duration.ofSeconds(1));
        server.failover.view(normal);

        assertThat(balance()).as("no sweep in between, as on entering NORMAL").isEqualTo(50);
    }

    @Test
    void a_secondary_holding_its_half_gives_nothing_back_unused_addresses_count_as_the_primarys() throws Exception {
        List<Lease> half = new ArrayList<>();
        for (int last = 100; last < 150; last++) {
            half.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.BACKUP).build());
        }
        start(FailoverRole.SECONDARY, half);

        assertThat(balance()).isZero();
    }

    @Test
    void a_secondary_holding_everything_gives_half_back() throws Exception {
        List<Lease> backup = new ArrayList<>();
        for (int last = 100; last <= 199; last++) {
            backup.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.BACKUP).build());
        }
        start(FailoverRole.SECONDARY, backup);

        assertThat(balance()).isEqualTo(50);
        assertThat(stored(BindingState.FREE)).isEqualTo(50);
    }
}

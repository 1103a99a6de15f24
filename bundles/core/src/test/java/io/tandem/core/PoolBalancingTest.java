package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PoolBalancing;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        start(role, stored, FailoverView.ISC_MAX_LEASE_OWNERSHIP, EngineFixture.demoSubnet());
    }

    private void start(FailoverRole role, List<Lease> stored, int maxLeaseOwnership, Map<String, Object> subnet)
            throws Exception {
        server = new EngineFixture(directory, List.of(subnet));
        server.stageAndRestart(stored);
        // NORMAL once the pool is served, as when the link comes up: the test runs the balancing of entering it.
        server.normalPair(role, 3, maxLeaseOwnership);
    }

    /** How many addresses one run moved. */
    private int balance() throws Exception {
        return run().moved();
    }

    private PoolBalancing run() throws Exception {
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

    /** The address {@code 192.0.2.<last>}. */
    private static Ipv4Address pool(int last) {
        return Ipv4Address.parse("192.0.2." + last);
    }

    /** Clients numbered from {@code from} whose hash bucket is the secondary's (if {@code secondarys}) or not. */
    private static List<TestClient> clients(int from, int count, boolean secondarys) {
        List<TestClient> found = new ArrayList<>();
        for (int n = from; found.size() < count; n++) {
            TestClient client = new TestClient(n);
            if ((HashBuckets.bucketOf(ClientId.of(client.discover())) >= 128) == secondarys) {
                found.add(client);
            }
        }
        return found;
    }

    /** A lease of {@code client} that ended {@code agoSeconds} before the fixture's clock and is FREE since. */
    private static Lease usedFree(int last, TestClient client, long agoSeconds) {
        Instant ended = EngineFixture.START.minusSeconds(agoSeconds);
        return Lease.builder(pool(last)).state(BindingState.FREE).client(ClientId.of(client.discover()))
                .hardware(client.mac()).start(ended.minusSeconds(3600)).end(ended).build();
    }

    /** Every pool address FREE after a lease of a client of the primary, .100 free the longest. */
    private List<Lease> wholePoolUsedByPrimarysClients() {
        List<Lease> used = new ArrayList<>();
        List<TestClient> primarys = clients(1, 100, false);
        for (int last = 100; last <= 199; last++) {
            used.add(usedFree(last, primarys.get(last - 100), 1000 - last));
        }
        return used;
    }

    @Test
    void a_primary_keeps_max_lease_ownership_of_its_used_addresses_beyond_half() throws Exception {
        start(FailoverRole.PRIMARY, wholePoolUsedByPrimarysClients());

        // lts = (100 - 0) / 2 = 50, hold = 10 % of 100: the second walk stops once lts <= 10.
        PoolBalancing run = run();
        assertThat(run.moved()).isEqualTo(40);
        assertThat(run.shortOfLeases()).isFalse();
        assertThat(run.oldestFreeSince()).as(".100, free the longest").contains(EngineFixture.START.minusSeconds(900));
        assertThat(stored(BindingState.BACKUP)).isEqualTo(40);
        assertThat(server.store().get(pool(100)).orElseThrow().state()).as("free the longest, given first")
                .isEqualTo(BindingState.BACKUP);
    }

    @Test
    void without_ownership_slack_used_addresses_are_split_evenly() throws Exception {
        start(FailoverRole.PRIMARY, wholePoolUsedByPrimarysClients(), 0, EngineFixture.demoSubnet());

        assertThat(balance()).isEqualTo(50);
    }

    @Test
    void an_even_split_still_gives_the_peer_its_clients_addresses_up_to_the_slack() throws Exception {
        List<Lease> staged = new ArrayList<>();
        List<TestClient> secondarys = clients(1, 20, true);
        List<TestClient> primarys = clients(1, 30, false);
        staged.addAll(EngineFixture.backup(100, 150));
        for (int last = 150; last < 170; last++) {
            staged.add(usedFree(last, secondarys.get(last - 150), 500));
        }
        for (int last = 170; last < 200; last++) {
            staged.add(usedFree(last, primarys.get(last - 170), 400));
        }
        start(FailoverRole.PRIMARY, staged);

        // lts = 0, hold = 10: the first walk gives ten of the secondary's clients' addresses, the second none.
        assertThat(balance()).isEqualTo(10);
        assertThat(server.failover.changed).hasSize(10).allMatch(lease -> lease.client() != null
                && HashBuckets.bucketOf(lease.client()) >= 128);
        assertThat(stored(BindingState.BACKUP)).isEqualTo(60);
        assertThat(balance()).as("the peer holds its slack: nothing more").isZero();
    }

    @Test
    void the_labs_twenty_lease_pool_moves_eight_starting_with_the_secondarys_client() throws Exception {
        // Reference §4, observed: 2 BACKUP + 18 FREE -> the primary moved 8. Here 80 ACTIVE leases leave 20 free.
        List<Lease> staged = new ArrayList<>();
        List<TestClient> bound = clients(1000, 80, false);
        for (int last = 100; last < 180; last++) {
            TestClient client = bound.get(last - 100);
            staged.add(Lease.builder(pool(last)).state(BindingState.ACTIVE).client(ClientId.of(client.discover()))
                    .hardware(client.mac()).start(EngineFixture.START).end(EngineFixture.START.plusSeconds(3600))
                    .build());
        }
        staged.add(Lease.builder(pool(180)).state(BindingState.BACKUP).build());
        staged.add(Lease.builder(pool(181)).state(BindingState.BACKUP).build());
        TestClient secondarys = clients(1, 1, true).get(0);
        staged.add(Lease.builder(pool(199)).state(BindingState.FREE).client(ClientId.of(secondarys.discover()))
                .hardware(secondarys.mac()).build());
        start(FailoverRole.PRIMARY, staged);

        assertThat(balance()).isEqualTo(8);
        assertThat(server.failover.changed.get(0).address()).isEqualTo(pool(199));
        assertThat(server.failover.changed.get(0).client()).as("the lease keeps its client")
                .isEqualTo(ClientId.of(secondarys.discover()));
    }

    @Test
    void reserved_addresses_are_neither_counted_nor_given() throws Exception {
        Map<String, Object> subnet = new HashMap<>(EngineFixture.demoSubnet());
        List<String> reservations = new ArrayList<>();
        for (int last = 190; last <= 199; last++) {
            reservations.add(String.format("02:00:00:00:09:%02x=192.0.2.%d", last - 190, last));
        }
        subnet.put("reservations", String.join(",", reservations));
        start(FailoverRole.PRIMARY, List.of(), FailoverView.ISC_MAX_LEASE_OWNERSHIP, subnet);

        assertThat(balance()).isEqualTo(45);
        for (int last = 190; last <= 199; last++) {
            assertThat(server.store().get(pool(last))).as("reserved " + last).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} of 100 BACKUP")
    @CsvSource({"80, false", "81, true"})
    void a_run_finds_a_primary_shortOfLeasesof_leases_below_twice_the_misbalance_threshold(int backup, boolean shortOfLeases)
            throws Exception {
        start(FailoverRole.PRIMARY, EngineFixture.backup(100, 100 + backup));

        // thresh = 15 % of 100: lts = (20 - 80) / 2 = -30 is not below -30, (19 - 81) / 2 = -31 is.
        PoolBalancing run = run();
        assertThat(run.moved()).isZero();
        assertThat(run.shortOfLeases()).isEqualTo(shortOfLeases);
        assertThat(run.oldestFreeSince()).as("never used").contains(Instant.EPOCH);
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

        assertThat(first.get(10, TimeUnit.SECONDS).moved() + second.get(10, TimeUnit.SECONDS).moved()).isEqualTo(50);
        assertThat(stored(BindingState.BACKUP)).isEqualTo(50);
    }

    @Test
    void addresses_whose_last_client_hashes_to_the_peer_go_first() throws Exception {
        List<Lease> affinity = new ArrayList<>();
        List<Ipv4Address> peersClients = new ArrayList<>();
        for (int n = 1, last = 100; peersClients.size() < 5; n++) {
            TestClient client = new TestClient(n);
            ClientId id = ClientId.of(client.discover());
            if (HashBuckets.bucketOf(id) >= 128) {
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
        server.failover.view(inState(normal, FailoverState.RECOVER, FailoverState.RECOVER));
        server.advanceAndSweep(Duration.ofSeconds(1));
        server.failover.view(normal);

        assertThat(balance()).as("no sweep in between, as on entering NORMAL").isEqualTo(50);
    }

    @Test
    void a_secondary_holding_its_half_gives_nothing_back_unused_addresses_count_as_the_primarys() throws Exception {
        start(FailoverRole.SECONDARY, EngineFixture.backup(100, 150));

        assertThat(balance()).isZero();
    }

    @Test
    void a_secondary_holding_everything_gives_half_back() throws Exception {
        start(FailoverRole.SECONDARY, EngineFixture.backup(100, 200));

        assertThat(balance()).isEqualTo(50);
        assertThat(stored(BindingState.FREE)).isEqualTo(50);
    }

    @Test
    void a_pool_first_served_when_the_pair_is_already_normal_is_balanced_then() throws Exception {
        server = new EngineFixture(directory, List.of());
        server.normalPair(FailoverRole.PRIMARY, 3, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
        assertThat(balance()).as("the run on entering NORMAL, before any subnet is served").isZero();

        serveDemoSubnet();

        assertThat(server.engine().balancePools().get(10, TimeUnit.SECONDS).moved())
                .as("the pool was balanced when it started being served; nothing is left to move").isZero();
        assertThat(stored(BindingState.BACKUP)).as("half of the 100 never-used addresses").isEqualTo(50);
        assertThat(server.failover.changed).as("each given address goes to the peer").hasSize(50)
                .allMatch(lease -> lease.state() == BindingState.BACKUP);
    }

    @Test
    void a_pool_first_served_outside_normal_waits_for_the_run_on_entering_normal() throws Exception {
        server = new EngineFixture(directory, List.of());
        server.normalPair(FailoverRole.PRIMARY, 3, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
        FailoverView normal = server.failover.view();
        server.failover.view(inState(normal, FailoverState.COMMUNICATIONS_INTERRUPTED, FailoverState.UNKNOWN));

        serveDemoSubnet();

        assertThat(stored(BindingState.BACKUP)).as("no balancing without the peer").isZero();
        server.failover.view(normal);
        assertThat(balance()).isEqualTo(50);
    }

    /** {@code view} in {@code state}, its peer in {@code peerState}; everything else as it was. */
    private static FailoverView inState(FailoverView view, FailoverState state, FailoverState peerState) {
        return new FailoverView(view.role(), state, view.stateSince(), peerState, view.mclt(), view.ownBuckets(),
                view.loadBalanceMaxSeconds(), view.maxLeaseMisbalance(), view.maxLeaseOwnership());
    }

    /** Starts serving the fixture's demo subnet, as its configuration arriving would. */
    private void serveDemoSubnet() throws Exception {
        Map<String, Object> demo = EngineFixture.demoSubnet();
        server.engine().serve(List.of(SubnetSettingsParser.parse(String.valueOf(demo.get("service.pid")), demo)));
    }
}

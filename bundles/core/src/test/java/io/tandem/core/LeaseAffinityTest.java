package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease affinity on the primary (reference §6.3): a lease coming back FREE whose last client hashes to the
 * secondary goes on to the secondary as BACKUP, in the commit that frees it and marked for the peer, unless the
 * secondary already holds its share and the slack.
 */
class LeaseAffinityTest {

    private static final Ipv4Address SERVER = EngineFixture.SERVER;
    private static final Ipv4Address ADDRESS = Ipv4Address.parse("192.0.2.199");

    @TempDir
    Path directory;
    @AutoClose
    private EngineFixture server;

    /** A NORMAL server of {@code role}; the primary answers buckets 0-127, load balancing off (it answers all). */
    private void start(FailoverRole role, List<Lease> stored) throws Exception {
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()));
        server.normalPair(role, 0, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
        server.stageAndRestart(stored);
        // These tests look at what follows the balancing of the pool served in NORMAL.
        server.awaitBalancing();
        server.failover.changed.clear();
    }

    private static TestClient clientOf(boolean secondary) {
        for (int n = 1; ; n++) {
            TestClient client = new TestClient(n);
            if ((HashBuckets.bucketOf(ClientId.of(client.discover())) >= 128) == secondary) {
                return client;
            }
        }
    }

    /** The client binds {@code ADDRESS} here and releases it: RELEASED, waiting for the peer's acknowledgement. */
    private Lease bindAndRelease(TestClient client) throws Exception {
        server.send(client.select(ADDRESS, SERVER)).orElseThrow();
        server.send(client.release(ADDRESS, SERVER));
        Lease released = server.store().get(ADDRESS).orElseThrow();
        assertThat(released.state()).isEqualTo(BindingState.RELEASED);
        return released;
    }

    private Lease acknowledge(Lease sent) throws Exception {
        return server.engine().acknowledged(sent.address(), sent.state(), sent.tstp())
                .get(10, TimeUnit.SECONDS).orElseThrow();
    }

    /** The peer binds {@code ADDRESS} to the client, then the client releases it there. */
    private PeerUpdateResult peerBindsAndReleases(TestClient client) throws Exception {
        ClientId id = ClientId.of(client.discover());
        Instant now = server.clock.instant();
        server.engine().apply(new PeerUpdate(ADDRESS, BindingState.ACTIVE, id, client.mac(), now,
                now.plusSeconds(600), now.plusSeconds(900), now)).get(10, TimeUnit.SECONDS);
        return server.engine().apply(new PeerUpdate(ADDRESS, BindingState.RELEASED, id, client.mac(), now,
                now, now, now)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_release_of_the_secondarys_client_goes_on_to_the_secondary_once_acknowledged() throws Exception {
        start(FailoverRole.PRIMARY, List.of());
        TestClient client = clientOf(true);
        Lease released = bindAndRelease(client);
        server.clock.advance(Duration.ofSeconds(5));

        Lease stored = acknowledge(released);

        assertThat(stored.state()).isEqualTo(BindingState.BACKUP);
        assertThat(server.store().get(ADDRESS)).contains(stored);
        assertThat(stored.client()).as("affinity").isEqualTo(ClientId.of(client.discover()));
        assertThat(stored.hostname()).isNull();
        assertThat(stored.start()).isEqualTo(server.clock.instant());
        assertThat(stored.tstp()).isEqualTo(server.clock.instant());
        assertThat(stored.isUnacknowledged()).as("marked for the peer in the same commit").isTrue();
        assertThat(server.failover.changed).last().isEqualTo(stored);
        assertThat(server.engine().catalog().subnets().get(0).free().contains(ADDRESS)).isFalse();
        InvariantChecker.check(server.engine());
    }

    @Test
    void a_release_of_the_primarys_client_stays_free_on_the_primary() throws Exception {
        start(FailoverRole.PRIMARY, List.of());
        Lease released = bindAndRelease(clientOf(false));

        Lease stored = acknowledge(released);

        assertThat(stored.state()).isEqualTo(BindingState.FREE);
        assertThat(stored.isUnacknowledged()).isFalse();
        assertThat(server.failover.changed).last().isEqualTo(released);
    }

    @Test
    void the_peers_release_of_its_clients_lease_is_accepted_and_moved_on_in_one_commit() throws Exception {
        start(FailoverRole.PRIMARY, List.of());
        TestClient client = clientOf(true);
        ClientId id = ClientId.of(client.discover());

        PeerUpdateResult result = peerBindsAndReleases(client);

        assertThat(result.isAccepted()).isTrue();
        Lease stored = server.store().get(ADDRESS).orElseThrow();
        assertThat(stored.state()).isEqualTo(BindingState.BACKUP);
        assertThat(stored.client()).isEqualTo(id);
        assertThat(stored.isUnacknowledged()).isTrue();
        assertThat(server.failover.changed).containsExactly(stored);
    }

    @Test
    void a_secondary_holding_its_share_and_the_slack_gets_no_more() throws Exception {
        start(FailoverRole.PRIMARY, EngineFixture.backup(100, 160));
        Lease released = bindAndRelease(clientOf(true));

        // free 39, backup 60: (39 - 60) / 2 = -10, not above -hold (10 % of 99, rounded: 10).
        assertThat(acknowledge(released).state()).isEqualTo(BindingState.FREE);
    }

    @Test
    void the_secondary_keeps_what_comes_back_where_the_rules_put_it() throws Exception {
        start(FailoverRole.SECONDARY, List.of());
        TestClient client = clientOf(false);

        assertThat(peerBindsAndReleases(client).isAccepted()).isTrue();

        assertThat(server.store().get(ADDRESS).orElseThrow().state()).as("only the primary moves leases on")
                .isEqualTo(BindingState.FREE);
        assertThat(server.failover.changed).isEmpty();
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PeerUpdate;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as one server of a failover pair (reference §2.1, §3.2, §3.4, §5, §6.5): it allocates only what its
 * role owns, answers only the DISCOVERs load balancing gives it, leaves a client whose latest lease is the peer's
 * to the peer, ignores REQUESTs for the peer's addresses, grants times by the MCLT rule and marks every change it
 * commits as not yet acknowledged by the peer, in the same batch.
 */
class PairExchangeTest {

    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final Ipv4Address SERVER = EngineFixture.SERVER;
    private static final Ipv4Address OTHER_SERVER = Ipv4Address.parse("192.0.2.2");
    /** The second half of the demo pool is the secondary's. */
    private static final int FIRST_BACKUP = 150;

    @TempDir
    Path directory;
    private EngineFixture server;

    private FailoverView view(FailoverRole role, FailoverState state, Instant since, int loadBalanceMaxSeconds) {
        HashBuckets primary = HashBuckets.split(128);
        return new FailoverView(role, state, since, FailoverState.NORMAL, MCLT,
                role == FailoverRole.PRIMARY ? primary : primary.inverted(), loadBalanceMaxSeconds,
                FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }

    /** A primary in NORMAL whose store gives .150-.199 to the secondary (BACKUP). */
    @BeforeEach
    void start() throws Exception {
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()));
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.NORMAL, server.clock.instant(), 0));
        List<Lease> backup = new ArrayList<>();
        for (int last = FIRST_BACKUP; last <= 199; last++) {
            backup.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.BACKUP).build());
        }
        server.store().commit(backup).toCompletableFuture().get();
        server.restart();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Optional<DhcpMessage> send(DhcpMessage request) throws Exception {
        return server.send(request);
    }

    /** The first test client whose RFC 3074 bucket satisfies {@code wanted}. */
    private static TestClient clientIn(IntPredicate wanted) {
        for (int n = 1; ; n++) {
            TestClient client = new TestClient(n);
            if (wanted.test(HashBuckets.bucketOf(ClientId.of(client.discover())))) {
                return client;
            }
        }
    }

    private long dropped(String reason) {
        return server.statistics.snapshot().dropped().getOrDefault(reason, 0L);
    }

    @Test
    void the_primary_offers_only_free_addresses_and_a_new_lease_gets_mclt_and_is_marked_for_the_peer()
            throws Exception {
        TestClient client = new TestClient(1);
        DhcpMessage offer = send(client.discover()).orElseThrow();
        assertThat(offer.yiaddr().toString()).matches("192\\.0\\.2\\.1[0-4]\\d");
        assertThat(offer.leaseTime()).hasValue(MCLT.toSeconds());

        Instant now = server.clock.instant();
        DhcpMessage ack = send(client.select(offer.yiaddr(), SERVER)).orElseThrow();
        assertThat(ack.messageType()).contains(MessageType.ACK);
        assertThat(ack.leaseTime()).as("a new lease: the peer knows nothing of it yet").hasValue(MCLT.toSeconds());

        Lease stored = server.store().get(ack.yiaddr()).orElseThrow();
        assertThat(stored.end()).isEqualTo(now.plus(MCLT));
        assertThat(stored.tstp()).as("potential expiry: now + desired + granted/2")
                .isEqualTo(now.plusSeconds(3600 + MCLT.toSeconds() / 2));
        assertThat(stored.isUnacknowledged()).isTrue();
        assertThat(server.failover.changed).extracting(Lease::address).contains(ack.yiaddr());
    }

    @Test
    void a_renewal_is_granted_no_more_than_mclt_beyond_what_the_peer_acknowledged() throws Exception {
        TestClient client = new TestClient(1);
        DhcpMessage offer = send(client.discover()).orElseThrow();
        Ipv4Address address = send(client.select(offer.yiaddr(), SERVER)).orElseThrow().yiaddr();
        Lease bound = server.store().get(address).orElseThrow();
        // The peer acknowledges the potential expiry, as a BNDACK would make the failover bundle record it.
        server.store().commit(List.of(bound.toBuilder().tsfp(bound.tstp()).atsfp(bound.tstp()).build()))
                .toCompletableFuture().get();

        server.advanceAndSweep(Duration.ofSeconds(30));
        DhcpMessage renewed = send(client.renew(address)).orElseThrow();

        assertThat(renewed.messageType()).contains(MessageType.ACK);
        long allowed = Duration.between(server.clock.instant(), bound.tstp().plus(MCLT)).toSeconds();
        assertThat(renewed.leaseTime()).hasValue(Math.min(3600, allowed));
        assertThat(renewed.leaseTime().getAsLong()).isGreaterThan(MCLT.toSeconds());
    }

    @Test
    void a_request_for_an_address_the_peer_owns_is_ignored_not_naked() throws Exception {
        TestClient client = new TestClient(2);

        assertThat(send(client.initReboot(Ipv4Address.parse("192.0.2.170")))).isEmpty();
        assertThat(send(client.renew(Ipv4Address.parse("192.0.2.171")))).isEmpty();
        assertThat(dropped("lease-owned-by-peer")).isEqualTo(2);
        assertThat(server.store().get(Ipv4Address.parse("192.0.2.170")).orElseThrow().state())
                .isEqualTo(BindingState.BACKUP);
    }

    @Test
    void a_client_whose_latest_lease_is_the_peers_gets_no_new_address_here() throws Exception {
        TestClient client = new TestClient(3);
        ClientId id = ClientId.of(client.discover());
        Instant earlier = server.clock.instant().minus(Duration.ofHours(2));
        server.store().commit(List.of(Lease.builder(Ipv4Address.parse("192.0.2.160")).state(BindingState.BACKUP)
                .client(id).hardware(client.mac()).start(earlier).end(earlier).cltt(earlier).build()))
                .toCompletableFuture().get();

        assertThat(send(client.discover())).isEmpty();
        assertThat(dropped("client-left-to-peer")).isEqualTo(1);
    }

    @Test
    void in_normal_with_load_balancing_only_the_clients_of_our_buckets_are_answered_unless_they_waited()
            throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.NORMAL, server.clock.instant(), 3));
        TestClient ours = clientIn(bucket -> bucket < 128);
        TestClient peers = clientIn(bucket -> bucket >= 128);

        assertThat(send(ours.discover())).isPresent();
        assertThat(send(peers.discover())).isEmpty();
        assertThat(dropped("load-balanced-to-peer")).isEqualTo(1);
        DhcpMessage waited = peers.discover().toBuilder().secs(10).build();
        assertThat(send(waited)).as("secs above load balance max seconds: both servers answer").isPresent();
    }

    @Test
    void a_client_of_the_peers_buckets_is_answered_while_the_peer_has_no_free_address_left() throws Exception {
        // The secondary's clients took all its addresses but one before this server started: the census is indexed.
        List<Lease> taken = new ArrayList<>();
        Instant now = server.clock.instant();
        for (int last = FIRST_BACKUP + 1; last <= 199; last++) {
            taken.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.ACTIVE)
                    .client(ClientId.of(new TestClient(1000 + last).discover())).start(now).end(now.plus(MCLT))
                    .build());
        }
        server.store().commit(taken).toCompletableFuture().get();
        // Restarted out of touch, so that serving the pool starts no balancing run, which would give the peer more.
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.COMMUNICATIONS_INTERRUPTED, now, 3));
        server.restart();
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.NORMAL, server.clock.instant(), 3));
        TestClient peers = clientIn(bucket -> bucket >= 128);
        assertThat(send(peers.discover())).as("the peer has one address left").isEmpty();

        // Its last one, taken while this server runs: the census follows the commit.
        TestClient last = new TestClient(999);
        server.engine().apply(new PeerUpdate(Ipv4Address.parse("192.0.2." + FIRST_BACKUP), BindingState.ACTIVE,
                ClientId.of(last.discover()), last.mac(), now, now.plus(MCLT), now.plus(MCLT), now))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        DhcpMessage offer = send(peers.discover()).orElseThrow();
        assertThat(offer.yiaddr().toString()).as("one of this server's own").matches("192\\.0\\.2\\.1[0-4]\\d");

        assertThat(server.engine().balancePools().get(10, TimeUnit.SECONDS).moved())
                .as("balancing gives the peer addresses again").isPositive();
        assertThat(send(peers.discover())).as("the peer has addresses again").isEmpty();
    }

    /** Reference §3.6, ISC's rewind: the peer never heard of the binding, so nothing waits for it. */
    @Test
    void out_of_touch_a_binding_the_peer_never_heard_of_returns_to_this_servers_free_state_when_released()
            throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.COMMUNICATIONS_INTERRUPTED,
                server.clock.instant(), 0));
        TestClient client = new TestClient(1);
        Ipv4Address address = send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER))
                .orElseThrow().yiaddr();
        assertThat(server.store().get(address).orElseThrow().rewind()).as("never sent: the peer knows it FREE")
                .isEqualTo(BindingState.FREE);

        server.send(client.release(address, SERVER));

        Lease released = server.store().get(address).orElseThrow();
        assertThat(released.state()).as("rewound, not RELEASED").isEqualTo(BindingState.FREE);
        assertThat(released.client()).as("its client kept, as on any free lease").isEqualTo(ClientId.of(client.discover()));
        assertThat(released.isUnacknowledged()).as("the peer hears the final state once back").isTrue();
        InvariantChecker.check(server.engine());
        assertThat(server.engine().catalog().subnets().get(0).free().contains(address)).as("allocatable again")
                .isTrue();
        DhcpMessage again = send(client.discover()).orElseThrow();
        assertThat(again.yiaddr()).isEqualTo(address);
    }

    /**
     * Recording a lease as announced must not write back a lease read before its address was held: here its expiry
     * completes between the two, and the lease must stay as the expiry left it.
     */
    @Test
    void announcing_reads_the_lease_only_once_it_holds_the_address() throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.COMMUNICATIONS_INTERRUPTED,
                server.clock.instant(), 0));
        TestClient client = new TestClient(1);
        Ipv4Address address = send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER))
                .orElseThrow().yiaddr();
        server.clock.advance(MCLT.plusSeconds(1));
        server.steering().closeGate();
        CompletableFuture<Void> expiry = server.engine().sweep();
        server.steering().awaitGatedCommitOf(address);
        server.steering().afterNextRead(address, () -> {
            server.steering().openGate();
            expiry.join();
        });
        ServedSubnet served = server.engine().catalog().subnets().get(0);

        try {
            server.engine().bindings().announcing(Optional.of(served), address).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (InvariantViolation expiryInFlight) {
            server.steering().openGate();
            expiry.get(10, TimeUnit.SECONDS);
            server.engine().bindings().announcing(Optional.of(served), address).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }

        Lease after = server.store().get(address).orElseThrow();
        assertThat(after.state()).as("expired out of touch: rewound, not bound again").isEqualTo(BindingState.FREE);
        InvariantChecker.check(server.engine());
    }

    @Test
    void a_binding_the_peer_may_have_heard_of_ends_released_and_waits_for_the_peer_even_out_of_touch()
            throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address address = send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER))
                .orElseThrow().yiaddr();
        assertThat(server.store().get(address).orElseThrow().rewind()).as("granted in NORMAL: may be sent at once")
                .isEqualTo(BindingState.ACTIVE);
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.COMMUNICATIONS_INTERRUPTED,
                server.clock.instant(), 0));

        server.send(client.release(address, SERVER));

        assertThat(server.store().get(address).orElseThrow().state()).isEqualTo(BindingState.RELEASED);
        assertThat(server.engine().catalog().subnets().get(0).free().contains(address)).isFalse();
    }

    @Test
    void out_of_touch_a_secondarys_binding_the_peer_never_heard_of_expires_straight_back_to_backup()
            throws Exception {
        // The primary's BNDUPDs gave the secondary these addresses: it knows them BACKUP.
        List<Lease> given = new ArrayList<>();
        for (int last = FIRST_BACKUP; last <= 199; last++) {
            given.add(server.store().get(Ipv4Address.parse("192.0.2." + last)).orElseThrow().toBuilder()
                    .rewind(BindingState.BACKUP).build());
        }
        server.store().commit(given).toCompletableFuture().get();
        server.failover.view(view(FailoverRole.SECONDARY, FailoverState.COMMUNICATIONS_INTERRUPTED,
                server.clock.instant(), 0));
        server.restart();
        TestClient client = new TestClient(1);
        Ipv4Address address = send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER))
                .orElseThrow().yiaddr();
        assertThat(address.toString()).matches("192\\.0\\.2\\.1[5-9]\\d");

        server.advanceAndSweep(MCLT.plusSeconds(1));

        Lease ended = server.store().get(address).orElseThrow();
        assertThat(ended.state()).isEqualTo(BindingState.BACKUP);
        assertThat(ended.isUnacknowledged()).isTrue();
        InvariantChecker.check(server.engine());
    }

    /**
     * Half of what a server of a pair hears is the peer's: those messages are dropped on the receiving thread, with
     * every worker busy, while a client with work on its lane keeps its order.
     */
    @Test
    void the_peers_discovers_and_selections_are_dropped_without_a_worker_unless_the_clients_lane_is_busy()
            throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.NORMAL, server.clock.instant(), 3));
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (String key : List.of("busy-1", "busy-2")) {
            server.engine().onLane(key, () -> {
                running.countDown();
                awaitQuietly(release);
                return CompletableFuture.completedFuture(null);
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).as("both workers taken").isTrue();
        TestClient peers = clientIn(bucket -> bucket >= 128);
        TestClient queued = new TestClient(7);
        CompletableFuture<Void> queuedWork = new CompletableFuture<>();
        server.engine().onLane(ClientId.of(queued.discover()), () -> queuedWork);
        try {
            assertThat(server.engine().handle(peers.discover(), EngineFixture.LINK).toCompletableFuture()
                    .get(1, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.engine().handle(peers.select(Ipv4Address.parse("192.0.2.160"), OTHER_SERVER),
                    EngineFixture.LINK).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEmpty();
            assertThat(dropped("load-balanced-to-peer")).isEqualTo(1);
            assertThat(dropped("client-selected-other-server")).isEqualTo(1);

            CompletableFuture<Optional<DhcpMessage>> afterQueued = server.engine()
                    .handle(queued.select(Ipv4Address.parse("192.0.2.160"), OTHER_SERVER), EngineFixture.LINK)
                    .toCompletableFuture();
            Thread.sleep(200);
            assertThat(afterQueued).as("waits behind the client's own work").isNotDone();
            release.countDown();
            queuedWork.complete(null);
            assertThat(afterQueued.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(dropped("client-selected-other-server")).isEqualTo(2);
        } finally {
            release.countDown();
            queuedWork.complete(null);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_server_in_a_state_that_serves_nobody_answers_only_inform() throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.STARTUP, server.clock.instant(), 0));
        TestClient client = new TestClient(4);

        assertThat(send(client.discover())).isEmpty();
        assertThat(send(client.initReboot(Ipv4Address.parse("192.0.2.100")))).isEmpty();
        assertThat(send(client.inform(Ipv4Address.parse("192.0.2.7")))).isPresent();
        assertThat(dropped("failover-state-serves-no-client")).isEqualTo(2);
    }

    @Test
    void a_configured_relationship_whose_service_is_missing_answers_no_client() throws Exception {
        server.failover.view(MissingFailover.configuredAs("secondary").view());
        server.advanceAndSweep(Duration.ofSeconds(1));
        TestClient client = new TestClient(5);

        assertThat(send(client.discover())).as("never standalone: it would allocate the peer's addresses").isEmpty();
        assertThat(send(client.inform(Ipv4Address.parse("192.0.2.7")))).isPresent();
        assertThat(server.administration().pools().get(0).free()).isZero();
    }

    /**
     * The free index follows the peer's state too: nothing is allocated while the peer resolves a conflict, and
     * allocation resumes as soon as the peer is NORMAL, this server's own state unchanged. (A secondary that went
     * NORMAL on its peer's CONFLICT-DONE once allocated nothing until its own state changed again: against ISC
     * dhcpd, its clients got no answer after a partner-down.)
     */
    @Test
    void the_free_index_follows_the_peers_state_back_from_a_conflict() throws Exception {
        server.failover.view(withPeer(FailoverState.POTENTIAL_CONFLICT, server.clock.instant(),
                FailoverState.POTENTIAL_CONFLICT));
        server.advanceAndSweep(Duration.ofSeconds(1));
        Instant normalSince = server.clock.instant();
        server.failover.view(withPeer(FailoverState.NORMAL, normalSince, FailoverState.CONFLICT_DONE));
        server.advanceAndSweep(Duration.ofSeconds(1));
        assertThat(send(new TestClient(20).discover())).as("the peer resolves a conflict").isEmpty();

        server.failover.view(withPeer(FailoverState.NORMAL, normalSince, FailoverState.NORMAL));
        server.advanceAndSweep(Duration.ofSeconds(1));
        assertThat(send(new TestClient(21).discover())).as("the peer is NORMAL again").isPresent();
    }

    /** A primary in {@code state} since {@code since}, its peer in {@code peerState}; load balancing off. */
    private static FailoverView withPeer(FailoverState state, Instant since, FailoverState peerState) {
        return new FailoverView(FailoverRole.PRIMARY, state, since, peerState, MCLT, HashBuckets.split(128), 0,
                FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }

    @Test
    void the_free_index_follows_the_state_partner_down_takes_the_peers_pool_only_after_mclt() throws Exception {
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.PARTNER_DOWN, server.clock.instant(), 0));
        List<Ipv4Address> offered = new ArrayList<>();
        for (int n = 10; n < 70; n++) {
            send(new TestClient(n).discover()).map(DhcpMessage::yiaddr).ifPresent(offered::add);
        }
        assertThat(offered).as("before MCLT has passed: our 50 FREE addresses only").hasSize(50)
                .allMatch(address -> address.toString().compareTo("192.0.2.150") < 0);

        server.advanceAndSweep(MCLT.plusSeconds(1));
        List<Ipv4Address> later = new ArrayList<>();
        for (int n = 100; n < 200; n++) {
            send(new TestClient(n).discover()).map(DhcpMessage::yiaddr).ifPresent(later::add);
        }
        assertThat(later).as("after MCLT: the peer's 50 BACKUP addresses too").hasSize(100)
                .anyMatch(address -> address.toString().compareTo("192.0.2.150") >= 0);
    }

    /**
     * A secondary in NORMAL leaves the end of an ACTIVE lease to the primary, as ISC dhcpd does: ISC refuses a
     * secondary's ACTIVE -> EXPIRED (reject reason 2), and the pair would disagree until the primary expired it.
     * Out of touch with its peer the secondary expires the lease itself.
     */
    @Test
    void a_secondary_in_normal_leaves_the_end_of_an_active_lease_to_the_primary() throws Exception {
        TestClient client = new TestClient(91);
        Ipv4Address address = Ipv4Address.parse("192.0.2.160");
        Instant now = server.clock.instant();
        server.store().commit(List.of(Lease.builder(address).state(BindingState.ACTIVE)
                .client(ClientId.of(client.discover())).hardware(client.mac()).start(now).end(now.plus(MCLT))
                .build())).toCompletableFuture().get();
        server.failover.view(view(FailoverRole.SECONDARY, FailoverState.NORMAL, now, 0));
        server.restart();

        server.advanceAndSweep(MCLT.plusSeconds(1));
        server.advanceAndSweep(Engine.EXPIRY_RETRY);
        assertThat(server.store().get(address).orElseThrow().state()).as("the primary's to end")
                .isEqualTo(BindingState.ACTIVE);

        server.failover.view(view(FailoverRole.SECONDARY, FailoverState.COMMUNICATIONS_INTERRUPTED,
                server.clock.instant(), 0));
        server.advanceAndSweep(Engine.EXPIRY_RETRY);
        assertThat(server.store().get(address).orElseThrow().state()).as("out of touch: ended here")
                .isEqualTo(BindingState.EXPIRED);
        InvariantChecker.check(server.engine());
    }

    @Test
    void entering_partner_down_holds_leases_in_transition_until_stos_plus_mclt() throws Exception {
        Ipv4Address released = Ipv4Address.parse("192.0.2.120");
        TestClient client = new TestClient(90);
        Instant longAgo = server.clock.instant().minus(Duration.ofHours(1));
        server.store().commit(List.of(Lease.builder(released).state(BindingState.RELEASED)
                .client(ClientId.of(client.discover())).hardware(client.mac()).start(longAgo).end(longAgo)
                .tsfp(longAgo).build())).toCompletableFuture().get();
        Instant stos = server.clock.instant();
        server.failover.view(view(FailoverRole.PRIMARY, FailoverState.PARTNER_DOWN, stos, 0));
        server.advanceAndSweep(Duration.ZERO);
        assertThat(server.engine().bindings().isAllocatable(server.engine().catalog().subnets().get(0), released,
                ClientId.of(client.discover()))).as("the peer's last word on it has long passed").isTrue();

        assertThat(server.engine().holdTransitional(stos.plus(MCLT)).get(10, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(server.engine().bindings().isAllocatable(server.engine().catalog().subnets().get(0), released,
                ClientId.of(client.discover()))).as("held until STOS + MCLT").isFalse();
        server.advanceAndSweep(MCLT.plusSeconds(1));
        assertThat(server.engine().bindings().isAllocatable(server.engine().catalog().subnets().get(0), released,
                ClientId.of(client.discover()))).isTrue();
        InvariantChecker.check(server.engine());
    }
}

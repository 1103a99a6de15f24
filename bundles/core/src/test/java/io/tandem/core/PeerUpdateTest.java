package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's binding updates applied through core (reference §3.5): accepted or refused by ISC's rules, stored
 * durably, the free index and offers following, and serialised with the client exchanges touching the address.
 */
class PeerUpdateTest {

    private static final Duration MCLT = Duration.ofSeconds(60);
    private static final Ipv4Address SERVER = EngineFixture.SERVER;

    @TempDir
    Path directory;
    private EngineFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()));
        role(FailoverRole.PRIMARY, FailoverState.NORMAL);
        server.restart();
        // The pool, served in NORMAL, is balanced now: what that run gives the peer is not what a test looks for.
        server.awaitBalancing();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void role(FailoverRole role, FailoverState state) {
        server.failover.view(new FailoverView(role, state, server.clock.instant(), FailoverState.NORMAL, MCLT,
                HashBuckets.ALL, 0, FailoverView.ISC_MAX_LEASE_MISBALANCE,
                FailoverView.ISC_MAX_LEASE_OWNERSHIP));
    }

    private Instant now() {
        return server.clock.instant();
    }

    private PeerUpdate update(String address, BindingState state, TestClient client, Duration lasting) {
        ClientId id = client == null ? null : ClientId.of(client.discover());
        return new PeerUpdate(Ipv4Address.parse(address), state, id, client == null ? null : client.mac(), now(),
                now().plus(lasting), now().plus(lasting).plus(lasting), now());
    }

    private PeerUpdateResult apply(PeerUpdate update) throws Exception {
        return server.engine().apply(update).get(10, TimeUnit.SECONDS);
    }

    private Optional<DhcpMessage> send(DhcpMessage request) throws Exception {
        return server.send(request);
    }

    /** The peer's acknowledgement of our update of {@code address}, once durable. */
    private Lease acknowledge(Ipv4Address address, BindingState sent, Instant potentialExpiry) throws Exception {
        return server.engine().acknowledged(address, sent, potentialExpiry).get(10, TimeUnit.SECONDS).orElseThrow();
    }

    /** DISCOVER, then REQUEST of what was offered: the address bound. */
    private Ipv4Address bind(TestClient client) throws Exception {
        return send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER)).orElseThrow().yiaddr();
    }

    @Test
    void a_binding_the_peer_made_is_stored_as_acknowledged_and_wins_over_our_offer_of_the_address()
            throws Exception {
        TestClient ours = new TestClient(1);
        Ipv4Address offered = send(ours.discover()).orElseThrow().yiaddr();
        TestClient peers = new TestClient(2);

        PeerUpdateResult result = apply(update(offered.toString(), BindingState.ACTIVE, peers, Duration.ofHours(1)));

        assertThat(result.isAccepted()).isTrue();
        Lease stored = server.store().get(offered).orElseThrow();
        assertThat(stored.state()).isEqualTo(BindingState.ACTIVE);
        assertThat(stored.client()).isEqualTo(ClientId.of(peers.discover()));
        assertThat(stored.isUnacknowledged()).as("nothing of ours to send").isFalse();
        assertThat(stored.tsfp()).isEqualTo(stored.atsfp()).isEqualTo(now().plus(Duration.ofHours(2)));
        assertThat(send(ours.select(offered, SERVER)).orElseThrow().messageType()).contains(MessageType.NAK);
        assertThat(send(new TestClient(3).discover()).orElseThrow().yiaddr()).isNotEqualTo(offered);
    }

    /**
     * Invariant 2 with the peer: a binding of ours that becomes durable after a peer's update of the same address was
     * judged, but before it is stored, must not be overwritten by that update (our client holds an ACK for it). The
     * test makes our commit land in exactly that gap: the first read of the address picks the update's lanes, the
     * second is the one it is judged from.
     */
    @Test
    void a_peers_update_judged_before_our_binding_of_the_address_landed_is_judged_again() throws Exception {
        TestClient ours = new TestClient(1);
        Ipv4Address address = send(ours.discover()).orElseThrow().yiaddr();
        server.steering().closeGate();
        CompletableFuture<Optional<DhcpMessage>> ack = server.engine()
                .handle(ours.select(address, SERVER), EngineFixture.LINK).toCompletableFuture();
        server.steering().awaitGatedCommitOf(address);
        server.steering().afterNextRead(address, () -> server.steering().afterNextRead(address, () -> {
            server.steering().openGate();
            ack.join();
        }));

        PeerUpdateResult result = apply(update(address.toString(), BindingState.ACTIVE, new TestClient(2),
                Duration.ofHours(1)));

        assertThat(ack.get(10, TimeUnit.SECONDS).orElseThrow().messageType()).contains(MessageType.ACK);
        Lease stored = server.store().get(address).orElseThrow();
        assertThat(stored.client()).as("our client holds the address: " + result)
                .isEqualTo(ClientId.of(ours.discover()));
        assertThat(result.isAccepted()).isFalse();
    }

    /**
     * Invariant 1 across the pair: a client both servers bound, each before hearing of the other's binding (it
     * started over at the other server at once), keeps the later binding; the earlier is released in the same
     * commit, marked for the peer, which reaches the same decision from the same two leases.
     */
    @Test
    void a_later_binding_of_the_peer_for_a_client_bound_here_releases_ours_in_the_same_commit() throws Exception {
        TestClient client = new TestClient(6);
        Ipv4Address ours = bind(client);
        server.clock.advance(Duration.ofSeconds(5));
        server.failover.changed.clear();

        assertThat(apply(update("192.0.2.170", BindingState.ACTIVE, client, Duration.ofHours(1))).isAccepted())
                .isTrue();

        assertThat(server.store().get(Ipv4Address.parse("192.0.2.170")).orElseThrow().state())
                .isEqualTo(BindingState.ACTIVE);
        Lease released = server.store().get(ours).orElseThrow();
        assertThat(released.state()).isEqualTo(BindingState.RELEASED);
        assertThat(released.isUnacknowledged()).as("the release is for the peer too").isTrue();
        assertThat(server.failover.changed).extracting(Lease::address).containsExactly(ours);
    }

    @Test
    void an_earlier_binding_of_the_peer_for_a_client_bound_here_since_is_stored_released() throws Exception {
        TestClient client = new TestClient(7);
        Instant before = now();
        server.clock.advance(Duration.ofSeconds(5));
        Ipv4Address ours = bind(client);
        server.failover.changed.clear();

        PeerUpdate earlier = new PeerUpdate(Ipv4Address.parse("192.0.2.171"), BindingState.ACTIVE,
                ClientId.of(client.discover()), client.mac(), before, before.plus(Duration.ofHours(1)),
                before.plus(Duration.ofHours(2)), before);
        assertThat(apply(earlier).isAccepted()).isTrue();

        assertThat(server.store().get(ours).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        Lease theirs = server.store().get(Ipv4Address.parse("192.0.2.171")).orElseThrow();
        assertThat(theirs.state()).isEqualTo(BindingState.RELEASED);
        assertThat(theirs.isUnacknowledged()).isTrue();
        assertThat(server.failover.changed).extracting(Lease::address)
                .containsExactly(Ipv4Address.parse("192.0.2.171"));
        assertThat(send(client.renew(ours)).orElseThrow().messageType()).as("the binding kept is not held up")
                .contains(MessageType.ACK);
    }

    @Test
    void a_transitional_binding_from_the_peer_is_stored_free_and_keeps_its_client_for_affinity() throws Exception {
        TestClient client = new TestClient(4);
        apply(update("192.0.2.150", BindingState.ACTIVE, client, Duration.ofHours(1)));

        PeerUpdate released = new PeerUpdate(Ipv4Address.parse("192.0.2.150"), BindingState.RELEASED,
                ClientId.of(client.discover()), client.mac(), now(), now(), now(), now());
        assertThat(apply(released).isAccepted()).isTrue();

        Lease stored = server.store().get(Ipv4Address.parse("192.0.2.150")).orElseThrow();
        assertThat(stored.state()).isEqualTo(BindingState.FREE);
        assertThat(stored.client()).isEqualTo(ClientId.of(client.discover()));
        assertThat(send(client.discoverRequesting(Ipv4Address.parse("192.0.2.150"))).orElseThrow().yiaddr())
                .as("FREE on the primary: ours to give again").isEqualTo(Ipv4Address.parse("192.0.2.150"));
    }

    @Test
    void dueling_updates_the_primarys_pending_change_wins_over_an_incoming_release() throws Exception {
        TestClient client = new TestClient(5);
        DhcpMessage offer = send(client.discover()).orElseThrow();
        Ipv4Address bound = send(client.select(offer.yiaddr(), SERVER)).orElseThrow().yiaddr();
        assertThat(server.store().get(bound).orElseThrow().isUnacknowledged()).isTrue();

        PeerUpdateResult result = apply(new PeerUpdate(bound, BindingState.RELEASED, ClientId.of(client.discover()),
                client.mac(), now(), now(), now(), now()));

        assertThat(result.rejectReason()).isEqualTo(PeerUpdateResult.LESS_CRITICAL_BINDING_INFORMATION);
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
    }

    /**
     * The secondary's binding, not yet acknowledged, meets the primary's release or transfer of the address: the
     * primary takes the secondary's ACTIVE (an incoming ACTIVE wins there), so the secondary keeps it too. ISC's
     * secondary yields instead, and the two copies swap (found by the randomized pair test).
     */
    @Test
    void dueling_updates_the_secondarys_pending_binding_wins_over_the_primarys_free_states() throws Exception {
        role(FailoverRole.SECONDARY, FailoverState.PARTNER_DOWN);
        server.advanceAndSweep(MCLT.plusSeconds(1));
        TestClient client = new TestClient(6);
        Ipv4Address bound = bind(client);
        role(FailoverRole.SECONDARY, FailoverState.NORMAL);

        for (BindingState theirs : List.of(BindingState.RELEASED, BindingState.BACKUP, BindingState.FREE,
                BindingState.RESET)) {
            PeerUpdateResult result = apply(new PeerUpdate(bound, theirs, ClientId.of(client.discover()),
                    client.mac(), now(), now(), now(), now()));

            assertThat(result.rejectReason()).as(theirs.toString())
                    .isEqualTo(PeerUpdateResult.LESS_CRITICAL_BINDING_INFORMATION);
            assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        }
    }

    @Test
    void dueling_updates_the_secondary_yields_to_the_primarys_change_of_a_lease_it_does_not_bind() throws Exception {
        role(FailoverRole.SECONDARY, FailoverState.PARTNER_DOWN);
        server.advanceAndSweep(MCLT.plusSeconds(1));
        TestClient client = new TestClient(7);
        Ipv4Address bound = bind(client);
        send(client.release(bound, SERVER));
        role(FailoverRole.SECONDARY, FailoverState.NORMAL);

        PeerUpdateResult result = apply(new PeerUpdate(bound, BindingState.BACKUP, ClientId.of(client.discover()),
                client.mac(), now(), now(), now(), now()));

        assertThat(result.isAccepted()).as("our pending RELEASED against the primary's BACKUP").isTrue();
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.BACKUP);
    }

    @Test
    void the_primary_refuses_the_transitions_isc_refuses_and_malformed_bindings() throws Exception {
        TestClient client = new TestClient(7);
        apply(update("192.0.2.160", BindingState.ACTIVE, client, Duration.ofHours(1)));

        assertThat(apply(update("192.0.2.160", BindingState.EXPIRED, client, Duration.ZERO)).rejectReason())
                .as("ACTIVE -> EXPIRED on the primary").isEqualTo(PeerUpdateResult.FATAL_CONFLICT);
        assertThat(apply(update("192.0.2.160", BindingState.FREE, null, Duration.ofHours(1))).rejectReason())
                .as("ACTIVE -> FREE on the primary").isEqualTo(PeerUpdateResult.FATAL_CONFLICT);
        assertThat(apply(update("192.0.2.20", BindingState.ACTIVE, client, Duration.ofHours(1))).rejectReason())
                .as("outside every pool").isEqualTo(PeerUpdateResult.ILLEGAL_ADDRESS);
        assertThat(apply(update("192.0.2.161", BindingState.ACTIVE, null, Duration.ofHours(1))).rejectReason())
                .as("ACTIVE without a client").isEqualTo(PeerUpdateResult.MISSING_BINDING_INFORMATION);
        assertThat(apply(update("192.0.2.162", BindingState.ABANDONED, client, Duration.ofHours(1))).rejectReason())
                .as("ABANDONED naming a client").isEqualTo(PeerUpdateResult.UNKNOWN_REASON);
        assertThat(server.store().get(Ipv4Address.parse("192.0.2.160")).orElseThrow().state())
                .isEqualTo(BindingState.ACTIVE);
    }

    @Test
    void an_update_waits_for_a_client_commit_of_the_same_address_and_is_judged_after_it() throws Exception {
        TestClient client = new TestClient(8);
        Ipv4Address offered = send(client.discover()).orElseThrow().yiaddr();
        server.steering().closeGate();
        CompletableFuture<Optional<DhcpMessage>> ack = CompletableFuture.supplyAsync(() -> {
            try {
                return send(client.select(offered, SERVER));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The client's own commit, not any other (a sweep's) that the gate may hold first.
        server.steering().awaitGatedCommitOf(offered);

        CompletableFuture<PeerUpdateResult> update = server.engine().apply(
                update(offered.toString(), BindingState.FREE, null, Duration.ZERO));
        Thread.sleep(100);
        assertThat(update).as("the update waits while the client's commit is in flight").isNotDone();

        server.steering().openGate();
        assertThat(ack.get(10, TimeUnit.SECONDS).orElseThrow().messageType()).contains(MessageType.ACK);
        PeerUpdateResult result = update.get(10, TimeUnit.SECONDS);
        assertThat(result.rejectReason()).as("judged against the ACTIVE lease, still ours to send")
                .isEqualTo(PeerUpdateResult.LESS_CRITICAL_BINDING_INFORMATION);
        assertThat(server.store().get(offered).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
    }

    /**
     * The peer's update of the address was accepted while ours was on its way (dueling updates the peer won): the
     * late acknowledgement of ours must not overwrite the peer's potential expiry we stored.
     */
    @Test
    void a_late_acknowledgement_does_not_overwrite_the_peers_update_that_replaced_ours() throws Exception {
        TestClient client = new TestClient(12);
        Ipv4Address bound = send(client.select(send(client.discover()).orElseThrow().yiaddr(), SERVER))
                .orElseThrow().yiaddr();
        Instant sentPotentialExpiry = server.store().get(bound).orElseThrow().tstp();
        server.engine().acknowledged(bound, BindingState.ACTIVE, sentPotentialExpiry).get(10, TimeUnit.SECONDS);
        PeerUpdate theirs = update(bound.toString(), BindingState.ACTIVE, client, Duration.ofSeconds(30));
        assertThat(apply(theirs).isAccepted()).isTrue();
        Lease replaced = server.store().get(bound).orElseThrow();

        Lease afterAck = server.engine().acknowledged(bound, BindingState.ACTIVE, sentPotentialExpiry)
                .get(10, TimeUnit.SECONDS).orElseThrow();

        assertThat(afterAck).isEqualTo(replaced);
        assertThat(afterAck.tsfp()).isEqualTo(theirs.potentialExpiry());
    }

    @Test
    void the_peers_acknowledgement_records_what_it_knows_and_completes_a_release() throws Exception {
        TestClient client = new TestClient(9);
        Ipv4Address bound = bind(client);
        Lease active = server.store().get(bound).orElseThrow();

        Lease acknowledged = acknowledge(bound, BindingState.ACTIVE, active.tstp());
        assertThat(acknowledged.isUnacknowledged()).isFalse();
        assertThat(acknowledged.tsfp()).isEqualTo(acknowledged.atsfp()).isEqualTo(active.tstp());

        send(client.release(bound, SERVER));
        Lease released = server.store().get(bound).orElseThrow();
        assertThat(released.state()).isEqualTo(BindingState.RELEASED);
        assertThat(released.isUnacknowledged()).isTrue();
        assertThat(server.engine().bindings().isAllocatable(server.engine().catalog().subnets().get(0), bound,
                ClientId.of(new TestClient(10).discover()))).as("nobody's until the peer knows").isFalse();

        Lease free = acknowledge(bound, BindingState.RELEASED, released.tstp());
        assertThat(free.state()).isEqualTo(BindingState.FREE);
        assertThat(free.client()).as("affinity").isEqualTo(ClientId.of(client.discover()));
        assertThat(server.engine().bindings().isAllocatable(server.engine().catalog().subnets().get(0), bound,
                ClientId.of(new TestClient(10).discover()))).as("the primary's again").isTrue();
    }

    @Test
    void an_acknowledgement_of_an_older_update_leaves_the_newer_change_to_send() throws Exception {
        TestClient client = new TestClient(11);
        Ipv4Address bound = bind(client);
        Instant firstSent = server.store().get(bound).orElseThrow().tstp();
        server.advanceAndSweep(Duration.ofSeconds(20));
        send(client.renew(bound));
        Instant renewedSent = server.store().get(bound).orElseThrow().tstp();
        assertThat(renewedSent).isAfter(firstSent);

        Lease after = acknowledge(bound, BindingState.ACTIVE, firstSent);

        assertThat(after.atsfp()).isEqualTo(firstSent);
        assertThat(after.isUnacknowledged()).as("the renewal is still to send").isTrue();
    }

    /** Found by the failover bundle's pair simulation: the release was never sent, the peer kept the binding. */
    @Test
    void a_release_made_while_the_binding_was_in_flight_is_still_to_send_once_the_binding_is_acknowledged()
            throws Exception {
        TestClient client = new TestClient(12);
        Ipv4Address bound = bind(client);
        Instant bindingSent = server.store().get(bound).orElseThrow().tstp();
        send(client.release(bound, SERVER));

        Lease after = acknowledge(bound, BindingState.ACTIVE, bindingSent);

        assertThat(after.state()).isEqualTo(BindingState.RELEASED);
        assertThat(after.tsfp()).as("what the peer knows").isEqualTo(bindingSent);
        assertThat(after.isUnacknowledged()).as("the release is still to send").isTrue();
    }

    @Test
    void an_expiry_made_while_the_binding_was_in_flight_is_still_to_send_once_the_binding_is_acknowledged()
            throws Exception {
        TestClient client = new TestClient(13);
        Ipv4Address bound = bind(client);
        Lease active = server.store().get(bound).orElseThrow();
        server.advanceAndSweep(Duration.between(now(), active.end()).plusSeconds(1));
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.EXPIRED);

        Lease after = acknowledge(bound, BindingState.ACTIVE, active.tstp());

        assertThat(after.state()).isEqualTo(BindingState.EXPIRED);
        assertThat(after.isUnacknowledged()).as("the expiry is still to send").isTrue();
    }

    /**
     * Found by the pair simulation: an acknowledgement waiting for its lanes (the lease lost its client meanwhile)
     * was applied after the next one, and put the older potential expiry back into tsfp.
     */
    @Test
    void an_acknowledgement_applied_after_a_later_one_changes_nothing() throws Exception {
        TestClient client = new TestClient(14);
        Ipv4Address bound = bind(client);
        Instant bindingSent = server.store().get(bound).orElseThrow().tstp();
        send(client.release(bound, SERVER));
        Lease released = server.store().get(bound).orElseThrow();
        Lease free = acknowledge(bound, BindingState.RELEASED, released.tstp());

        Lease after = acknowledge(bound, BindingState.ACTIVE, bindingSent);

        assertThat(after).isEqualTo(free);
    }

    /**
     * Found by the pair simulation: an abandonment made while the link was down was reclaimed before the peer heard
     * of it, and the FREE sent in its place met the peer's binding, which ISC's rules refuse (ACTIVE -> FREE).
     */
    @Test
    void an_abandoned_address_returns_to_the_pool_only_once_the_peer_knows_it_was_abandoned() throws Exception {
        TestClient client = new TestClient(15);
        Ipv4Address bound = bind(client);
        acknowledge(bound, BindingState.ACTIVE, server.store().get(bound).orElseThrow().tstp());
        send(client.decline(bound, SERVER));
        Lease abandoned = server.store().get(bound).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(BindingState.ABANDONED);

        server.advanceAndSweep(Duration.between(now(), abandoned.end()).plusSeconds(1));
        assertThat(server.store().get(bound).orElseThrow().state()).as("the peer has not heard of it")
                .isEqualTo(BindingState.ABANDONED);

        acknowledge(bound, BindingState.ABANDONED, abandoned.tstp());
        server.advanceAndSweep(Engine.EXPIRY_RETRY);
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.FREE);
    }

    @Test
    void an_update_that_arrives_before_its_subnet_serves_waits_for_it() throws Exception {
        server.engine().serve(List.of());
        CompletableFuture<PeerUpdateResult> early = server.engine().apply(
                update("192.0.2.150", BindingState.BACKUP, null, Duration.ZERO));
        Thread.sleep(100);
        assertThat(early).as("no subnet serves 192.0.2.150 yet").isNotDone();

        server.engine().serve(List.of(SubnetSettingsParser.parse("io.tandem.subnet~demo", EngineFixture.demoSubnet())));

        assertThat(early.get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
        assertThat(server.store().get(Ipv4Address.parse("192.0.2.150")).orElseThrow().state())
                .isEqualTo(BindingState.BACKUP);
    }
}

package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ReceivingLink;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.RelayAgentInformation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 2131 exchanges against the engine on a real store file, one behaviour per test. */
class ExchangeTest {

    private static final Ipv4Address OTHER_SERVER = Ipv4Address.parse("192.0.2.2");

    @TempDir
    Path directory;
    private EngineFixture server;

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> demo = new HashMap<>(EngineFixture.demoSubnet());
        demo.put("reservations", "02:00:00:00:03:e7=192.0.2.50");
        Map<String, Object> relayed = Map.of("service.pid", "io.tandem.subnet~relayed", "subnet", "198.51.100.0/24",
                "pools", "198.51.100.10-198.51.100.20", "routers", "198.51.100.1");
        server = new EngineFixture(directory, List.of(demo, relayed));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DhcpMessage reply(DhcpMessage request) throws Exception {
        Optional<DhcpMessage> reply = server.send(request);
        assertThat(reply).as("reply to %s", request.messageType()).isPresent();
        return reply.get();
    }

    private Ipv4Address acquire(TestClient client) throws Exception {
        DhcpMessage offer = reply(client.discover());
        DhcpMessage ack = reply(client.select(offer.yiaddr(), SERVER));
        assertThat(ack.messageType()).contains(MessageType.ACK);
        return ack.yiaddr();
    }

    @Test
    void dora_offers_a_pool_address_with_the_subnet_options_and_acks_it_durably() throws Exception {
        TestClient client = new TestClient(1);
        DhcpMessage offer = reply(client.discover());
        assertThat(offer.messageType()).contains(MessageType.OFFER);
        assertThat(offer.yiaddr().toString()).startsWith("192.0.2.1");
        assertThat(offer.serverIdentifier()).contains(SERVER);
        assertThat(offer.subnetMask()).contains(Ipv4Address.parse("255.255.255.0"));
        assertThat(offer.routers()).containsExactly(Ipv4Address.parse("192.0.2.1"));
        assertThat(offer.domainNameServers()).containsExactly(Ipv4Address.parse("192.0.2.53"));
        assertThat(offer.domainName()).contains("demo.example");
        assertThat(offer.leaseTime()).hasValue(3600);
        assertThat(offer.renewalTime()).hasValue(1800);
        assertThat(offer.rebindingTime()).hasValue(3150);
        assertThat(server.store().get(offer.yiaddr())).as("offers are never stored").isEmpty();

        DhcpMessage ack = reply(client.select(offer.yiaddr(), SERVER));
        assertThat(ack.messageType()).contains(MessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(offer.yiaddr());
        Lease stored = server.store().get(ack.yiaddr()).orElseThrow();
        assertThat(stored.state()).isEqualTo(BindingState.ACTIVE);
        assertThat(stored.hardware()).isEqualTo(client.mac());
        assertThat(stored.end()).isEqualTo(server.clock.instant().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void two_clients_are_never_offered_the_same_address() throws Exception {
        Ipv4Address first = reply(new TestClient(1).discover()).yiaddr();
        Ipv4Address second = reply(new TestClient(2).discover()).yiaddr();
        assertThat(second).isNotEqualTo(first);
        assertThat(reply(new TestClient(3).discoverRequesting(first)).yiaddr())
                .as("an address held for another client is not offered even when asked for").isNotIn(first, second);
    }

    @Test
    void a_client_that_selects_another_server_frees_our_offer() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address offered = reply(client.discover()).yiaddr();
        assertThat(server.send(client.select(offered, OTHER_SERVER))).isEmpty();
        assertThat(reply(new TestClient(2).discoverRequesting(offered)).yiaddr()).isEqualTo(offered);
        assertThat(server.statistics.snapshot().dropped()).containsEntry("client-selected-other-server", 1L);
    }

    @Test
    void init_reboot_is_acked_for_the_own_binding_naked_when_wrong_and_ignored_when_unknown() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        assertThat(reply(client.initReboot(bound)).messageType()).contains(MessageType.ACK);

        TestClient other = new TestClient(2);
        assertThat(reply(other.initReboot(bound)).messageType()).as("bound to someone else")
                .contains(MessageType.NAK);
        DhcpMessage wrongNetwork = reply(other.initReboot(Ipv4Address.parse("203.0.113.7")));
        assertThat(wrongNetwork.messageType()).contains(MessageType.NAK);
        assertThat(wrongNetwork.yiaddr()).isEqualTo(Ipv4Address.ANY);
        assertThat(server.send(other.initReboot(Ipv4Address.parse("192.0.2.150")))).as("nothing known").isEmpty();
    }

    @Test
    void renewing_extends_the_lease_and_keeps_the_address() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        server.clock.advance(Duration.ofSeconds(1800));
        DhcpMessage ack = reply(client.renew(bound));
        assertThat(ack.messageType()).contains(MessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(bound);
        assertThat(ack.ciaddr()).isEqualTo(bound);
        assertThat(server.store().get(bound).orElseThrow().end()).isEqualTo(server.clock.instant().plusSeconds(3600));
    }

    @Test
    void a_released_address_goes_back_to_its_last_client() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        assertThat(server.send(client.release(bound, SERVER))).isEmpty();
        Lease released = server.store().get(bound).orElseThrow();
        assertThat(released.state()).isEqualTo(BindingState.RELEASED);
        assertThat(released.hardware()).as("identity stays for affinity").isEqualTo(client.mac());
        reply(new TestClient(2).discover());
        assertThat(acquire(client)).isEqualTo(bound);
    }

    @Test
    void a_declined_address_is_abandoned_for_the_hold_and_the_client_gets_another() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        assertThat(server.send(client.decline(bound, SERVER))).isEmpty();
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.ABANDONED);
        Ipv4Address next = acquire(client);
        assertThat(next).isNotEqualTo(bound);
        assertThat(server.administration().pools().get(0).declined()).isEqualTo(1);

        server.advanceAndSweep(Duration.ofSeconds(601));
        assertThat(server.store().get(bound).orElseThrow().state()).isEqualTo(BindingState.FREE);
    }

    @Test
    void inform_gets_options_without_an_address_or_lease_time() throws Exception {
        DhcpMessage ack = reply(new TestClient(1).inform(Ipv4Address.parse("192.0.2.9")));
        assertThat(ack.messageType()).contains(MessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(Ipv4Address.ANY);
        assertThat(ack.ciaddr()).isEqualTo(Ipv4Address.parse("192.0.2.9"));
        assertThat(ack.leaseTime()).isEmpty();
        assertThat(ack.routers()).containsExactly(Ipv4Address.parse("192.0.2.1"));
        assertThat(server.store().size()).isZero();
    }

    @Test
    void a_lease_not_renewed_expires_and_keeps_its_client_for_affinity() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        server.advanceAndSweep(Duration.ofSeconds(3601));
        Lease expired = server.store().get(bound).orElseThrow();
        assertThat(expired.state()).isEqualTo(BindingState.EXPIRED);
        assertThat(reply(client.discover()).yiaddr()).isEqualTo(bound);
    }

    @Test
    void a_reservation_goes_to_its_client_only() throws Exception {
        Ipv4Address reserved = Ipv4Address.parse("192.0.2.50");
        assertThat(acquire(new TestClient(999))).isEqualTo(reserved);
        TestClient stranger = new TestClient(5);
        assertThat(reply(stranger.discoverRequesting(reserved)).yiaddr()).isNotEqualTo(reserved);
        assertThat(reply(stranger.initReboot(reserved)).messageType()).contains(MessageType.NAK);
    }

    @Test
    void a_client_holds_one_binding_per_subnet_at_most() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address first = acquire(client);
        Ipv4Address other = Ipv4Address.parse("192.0.2.177");
        reply(new TestClient(1).discover());
        // The client asks for another free address outright (INIT-REBOOT after moving its lease file, say).
        server.store().commit(List.of(Lease.builder(other).state(BindingState.RELEASED)
                .client(io.tandem.api.model.ClientId.fromHardware(client.mac())).hardware(client.mac())
                .start(server.clock.instant()).end(server.clock.instant()).build())).toCompletableFuture().get();
        assertThat(reply(client.initReboot(other)).messageType()).contains(MessageType.ACK);
        assertThat(server.store().get(first).orElseThrow().state()).as("the older binding was released")
                .isEqualTo(BindingState.RELEASED);
    }

    @Test
    void subnets_are_selected_by_giaddr_option_118_link_selection_or_the_interface() throws Exception {
        Ipv4Address relay = Ipv4Address.parse("198.51.100.1");
        DhcpMessage viaRelay = reply(new TestClient(1).via(relay).discover());
        assertThat(viaRelay.yiaddr().toString()).startsWith("198.51.100.");
        assertThat(viaRelay.giaddr()).isEqualTo(relay);

        DhcpMessage bySelection = reply(new TestClient(2).discover().toBuilder()
                .subnetSelection(Ipv4Address.parse("198.51.100.0")).build());
        assertThat(bySelection.yiaddr().toString()).startsWith("198.51.100.");

        RelayAgentInformation agent = RelayAgentInformation.builder()
                .circuitId("port-7".getBytes(StandardCharsets.US_ASCII))
                .linkSelection(Ipv4Address.parse("198.51.100.0")).build();
        DhcpMessage byLink = reply(new TestClient(3).via(Ipv4Address.parse("192.0.2.254")).discover().toBuilder()
                .relayAgentInformation(agent).build());
        assertThat(byLink.yiaddr().toString()).startsWith("198.51.100.");
        assertThat(byLink.relayAgentInformation()).as("option 82 echoed (RFC 3046)").contains(agent);

        ReceivingLink elsewhere = new ReceivingLink("eth9", Ipv4Address.parse("203.0.113.1"));
        assertThat(server.send(new TestClient(4).discover(), elsewhere)).as("not a served network").isEmpty();
        assertThat(server.statistics.snapshot().dropped()).containsEntry("no-subnet", 1L);
    }

    @Test
    void a_relayed_nak_carries_the_broadcast_flag() throws Exception {
        DhcpMessage nak = reply(new TestClient(1).via(Ipv4Address.parse("198.51.100.1"))
                .initReboot(Ipv4Address.parse("192.0.2.120")));
        assertThat(nak.messageType()).contains(MessageType.NAK);
        assertThat(nak.broadcast()).isTrue();
    }

    @Test
    void a_restarted_server_knows_every_lease_it_acked_and_renews_it() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        server.restart();
        DhcpMessage ack = reply(client.renew(bound));
        assertThat(ack.messageType()).contains(MessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(bound);
        assertThat(reply(new TestClient(2).discover()).yiaddr()).as("the pool index knows it is taken")
                .isNotEqualTo(bound);
    }

    @Test
    void a_subnets_listing_walks_stored_leases_and_held_offers_in_address_order() throws Exception {
        Ipv4Address bound = acquire(new TestClient(1));
        TestClient returning = new TestClient(2);
        Ipv4Address released = acquire(returning);
        server.send(returning.release(released, SERVER));
        Ipv4Address reoffered = reply(returning.discover()).yiaddr();
        Ipv4Address fresh = reply(new TestClient(3).discover()).yiaddr();
        assertThat(reoffered).as("its released address, held again as an offer").isEqualTo(released);

        List<String> listed = new ArrayList<>();
        server.administration().forEachLease(server.engine().catalog().subnets().get(0).subnet(),
                lease -> listed.add(lease.address() + " " + lease.state()));

        assertThat(listed).containsExactly(bound + " ACTIVE", released + " OFFERED", fresh + " OFFERED");
    }

    @Test
    void an_operator_release_frees_the_address_and_the_clients_renewal_binds_it_again() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        Optional<Lease> released = server.administration().release(bound, false).toCompletableFuture().get();
        assertThat(released).map(Lease::state).contains(BindingState.RELEASED);
        assertThat(server.administration().release(bound, false).toCompletableFuture().get()).isEmpty();

        DhcpMessage renewal = reply(client.renew(bound));
        assertThat(renewal.messageType()).contains(MessageType.ACK);
        assertThat(renewal.yiaddr()).isEqualTo(bound);
    }

    @Test
    void an_operator_release_that_forgets_the_client_has_its_renewal_refused() throws Exception {
        TestClient client = new TestClient(1);
        Ipv4Address bound = acquire(client);
        Optional<Lease> released = server.administration().release(bound, true).toCompletableFuture().get();
        assertThat(released).hasValueSatisfying(lease -> {
            assertThat(lease.state()).isEqualTo(BindingState.RELEASED);
            assertThat(lease.client()).isNull();
        });

        assertThat(reply(client.renew(bound)).messageType()).contains(MessageType.NAK);
    }

    @Test
    void pools_count_bound_reservations_apart_from_the_pool() throws Exception {
        assertThat(acquire(new TestClient(999))).isEqualTo(Ipv4Address.parse("192.0.2.50"));
        acquire(new TestClient(1));
        assertThat(server.administration().pools().get(0)).satisfies(pool -> {
            assertThat(pool.reservedActive()).isEqualTo(1);
            assertThat(pool.active()).isEqualTo(1);
        });
    }
}

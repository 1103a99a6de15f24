package io.tandem.failover.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.core.TestClient;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The pair's clients: a few more than one server's half of the pool holds, each remembering the binding it was
 * last acknowledged. One exchange is a random DORA, renewal, rebinding, INIT-REBOOT, RELEASE or DECLINE, sent to
 * the primary, the secondary or both (a broadcast both hear), with a {@code secs} sometimes past
 * load-balance-max-seconds so that both servers answer. Every DHCPACK is checked durable (invariant 3): the lease
 * it announces is in the server's store when the client hears it.
 *
 * <p>Patient clients do not reach a server while the other server holds a change about them (a lease naming them,
 * or the address they last held) that its peer has not acknowledged: real clients act seconds apart, a BNDUPD
 * crosses a healthy link in milliseconds, and within a partition a patient client keeps to the server it talks to.
 * When the pair is linked the client waits for the update; otherwise that server does not hear it. Impatient
 * clients talk to both servers at any time, so both may bind one client before either hears of the other's
 * binding; core then keeps the later binding on both servers and releases the other.
 */
final class ClientExchanges {

    static final int CLIENTS = 10;

    private record Binding(Ipv4Address address, SimulatedServer server) {
    }

    /** How long a patient client waits for the pair to exchange an update about it. */
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final SimulatedPair pair;
    private final Random random;
    private final boolean patient;
    private final List<TestClient> clients = new ArrayList<>();
    private final Map<TestClient, Binding> bound = new HashMap<>();
    /** The address each client was last acknowledged, kept after it let it go. */
    private final Map<TestClient, Ipv4Address> lastHeld = new HashMap<>();

    ClientExchanges(SimulatedPair pair, Random random, boolean patient) {
        this.pair = pair;
        this.random = random;
        this.patient = patient;
        for (int number = 1; number <= CLIENTS; number++) {
            clients.add(new TestClient(number));
        }
    }

    /** One random exchange of one random client; returns what it did, for the step log. */
    String exchange() throws Exception {
        TestClient client = clients.get(random.nextInt(clients.size()));
        Optional<Binding> binding = Optional.ofNullable(bound.get(client));
        int dice = random.nextInt(100);
        if (binding.isEmpty() || dice < 35) {
            return dora(client, reaching(client, targets()));
        }
        List<SimulatedServer> owner = reaching(client, List.of(binding.get().server()));
        if (dice < 60) {
            return request(client, "renew", client.renew(binding.get().address()), owner);
        }
        if (dice < 72) {
            return request(client, "rebind", client.renew(binding.get().address()), reaching(client, targets()));
        }
        if (dice < 82) {
            return request(client, "init-reboot", client.initReboot(binding.get().address()),
                    reaching(client, targets()));
        }
        SimulatedServer server = binding.get().server();
        DhcpMessage goodbye = dice < 94 ? client.release(binding.get().address(), serverId(server))
                : client.decline(binding.get().address(), serverId(server));
        String done = client.mac() + " " + goodbye.messageType().orElseThrow() + " " + binding.get().address()
                + " to " + server.name();
        if (owner.isEmpty()) {
            return done + ": waits";
        }
        bound.remove(client);
        server.handle(goodbye);
        return done;
    }

    /** A selecting REQUEST for the offer {@code server} makes a random client, to send as the server dies. */
    Optional<DhcpMessage> selectingRequest(SimulatedServer server) throws Exception {
        TestClient client = clients.get(random.nextInt(clients.size()));
        if (reaching(client, List.of(server)).isEmpty()) {
            return Optional.empty();
        }
        return server.handle(withSecs(client.discover()))
                .map(offer -> client.select(offer.yiaddr(), serverId(server)));
    }

    private String dora(TestClient client, List<SimulatedServer> targets) throws Exception {
        DhcpMessage discover = withSecs(client.discover());
        List<SimulatedServer> offering = new ArrayList<>();
        List<DhcpMessage> offers = new ArrayList<>();
        for (SimulatedServer server : targets) {
            Optional<DhcpMessage> offer = server.handle(discover);
            if (offer.isPresent()) {
                offering.add(server);
                offers.add(offer.get());
            }
        }
        if (offers.isEmpty()) {
            return client.mac() + " DISCOVER to " + names(targets) + " secs=" + discover.secs() + ": no offer";
        }
        int chosen = random.nextInt(offers.size());
        Ipv4Address address = offers.get(chosen).yiaddr();
        DhcpMessage select = withSecs(client.select(address, serverId(offering.get(chosen))));
        return "DORA " + request(client, "select " + offering.get(chosen).name(), select, targets);
    }

    /** Sends {@code request} to every target; an ACK is checked durable and remembered as the client's binding. */
    private String request(TestClient client, String kind, DhcpMessage request, List<SimulatedServer> targets)
            throws Exception {
        StringBuilder outcome = new StringBuilder(client.mac() + " " + kind + " to " + names(targets) + ":");
        for (SimulatedServer server : targets) {
            // Lease times are whole seconds from the server's clock, which timers may have left between two seconds.
            Instant sent = pair.clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Optional<DhcpMessage> reply = server.handle(request);
            Optional<MessageType> type = reply.flatMap(DhcpMessage::messageType);
            outcome.append(' ').append(server.name()).append('=').append(type.map(String::valueOf).orElse("none"));
            if (type.filter(MessageType.ACK::equals).isPresent()) {
                Ipv4Address address = reply.get().yiaddr();
                outcome.append(' ').append(address);
                assertDurable(server, client, address, sent.plusSeconds(reply.get().leaseTime().orElseThrow()));
                bound.put(client, new Binding(address, server));
                lastHeld.put(client, address);
            } else if (type.filter(MessageType.NAK::equals).isPresent()) {
                bound.remove(client);
            }
        }
        return outcome.toString();
    }

    private static void assertDurable(SimulatedServer server, TestClient client, Ipv4Address address,
                                      Instant announcedEnd) {
        Optional<Lease> stored = server.engine().store().get(address);
        assertThat(stored).as("invariant 3: the lease %s ACKed to %s by the %s is on disk", address, client.mac(),
                server.name()).isPresent();
        assertThat(stored.get().state()).as("invariant 3: state of %s on the %s", address, server.name())
                .isEqualTo(BindingState.ACTIVE);
        assertThat(stored.get().client()).as("invariant 3: client of %s on the %s", address, server.name())
                .isEqualTo(ClientId.of(client.discover()));
        assertThat(stored.get().end()).as("invariant 3: end of %s on the %s", address, server.name())
                .isAfterOrEqualTo(announcedEnd);
    }

    /** Those of {@code intended} the client reaches: all when impatient, else see the class comment. */
    private List<SimulatedServer> reaching(TestClient client, List<SimulatedServer> intended)
            throws InterruptedException {
        List<SimulatedServer> up = intended.stream().filter(SimulatedServer::running).toList();
        if (!patient) {
            return up;
        }
        ClientId id = ClientId.of(client.discover());
        Optional<Ipv4Address> held = Optional.ofNullable(lastHeld.get(client));
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        List<SimulatedServer> reached = new ArrayList<>();
        for (SimulatedServer server : up) {
            SimulatedServer other = pair.other(server);
            while (other.holdsUnacknowledgedChangeFor(id, held) && linked() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (!other.holdsUnacknowledgedChangeFor(id, held)) {
                reached.add(server);
            }
        }
        return reached;
    }

    private boolean linked() {
        return pair.servers().stream().allMatch(server -> server.running() && server.status().linked());
    }

    private List<SimulatedServer> targets() {
        List<SimulatedServer> running = pair.servers().stream().filter(SimulatedServer::running).toList();
        if (running.size() < 2 || random.nextInt(3) == 0) {
            return running;
        }
        return List.of(running.get(random.nextInt(2)));
    }

    /** Usually within load-balance-max-seconds, sometimes past it, so that both servers answer. */
    private DhcpMessage withSecs(DhcpMessage message) {
        int secs = random.nextInt(4) == 0 ? SimulatedPair.LOAD_BALANCE_MAX_SECONDS + 1 + random.nextInt(10) : 0;
        return message.toBuilder().secs(secs).build();
    }

    private Ipv4Address serverId(SimulatedServer server) {
        return server == pair.primary ? SimulatedPair.PRIMARY_ID : SimulatedPair.SECONDARY_ID;
    }

    private static String names(List<SimulatedServer> servers) {
        return servers.isEmpty() ? "nobody" : String.join("+", servers.stream().map(SimulatedServer::name).toList());
    }
}

package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients send random, interleaved message sequences (several clients at once, so their lanes run in
 * parallel) to an engine on a real store, through clock jumps, sweeps and restarts. After every round the
 * invariants are checked, and every outcome is compared with a reference model of what each client is bound to.
 */
class RandomizedExchangeTest {

    private static final int CLIENTS = 40;
    private static final int ROUNDS = 600;
    private static final int PARALLEL = 6;
    private static final Ipv4Address OTHER_SERVER = Ipv4Address.parse("192.0.2.2");

    @TempDir
    Path directory;

    /** What the model knows of one client: the address ACKed to it and until when. */
    private record Bound(Ipv4Address address, Instant end) {
    }

    @Test
    void random_clients_keep_every_invariant_and_match_the_model() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            run(seed, directory.resolve("seed-" + seed));
        }
    }

    private void run(long seed, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Map<String, Object> small = new HashMap<>(EngineFixture.demoSubnet());
        small.put("pools", "192.0.2.100-192.0.2.129");
        small.put("reservations", "02:00:00:00:00:07=192.0.2.20");
        Random random = new Random(seed);
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new TestClient(i));
        }
        Map<Integer, Bound> model = new HashMap<>();
        Map<Integer, Ipv4Address> lastOffer = new HashMap<>();
        int acks = 0;
        try (EngineFixture server = new EngineFixture(dir, List.of(small))) {
            for (int round = 0; round < ROUNDS; round++) {
                Instant now = server.clock.instant();
                model.values().removeIf(bound -> !bound.end().isAfter(now));
                List<Integer> chosen = random.ints(0, CLIENTS).distinct().limit(PARALLEL).boxed().toList();
                List<DhcpMessage> requests = new ArrayList<>();
                List<CompletableFuture<Optional<DhcpMessage>>> replies = new ArrayList<>();
                for (int client : chosen) {
                    DhcpMessage request = randomMessage(random, clients.get(client), model.get(client),
                            lastOffer.get(client));
                    requests.add(request);
                    replies.add(server.engine().handle(request, EngineFixture.LINK).toCompletableFuture());
                }
                for (int i = 0; i < chosen.size(); i++) {
                    int client = chosen.get(i);
                    Optional<DhcpMessage> reply = replies.get(i).get(10, TimeUnit.SECONDS);
                    acks += expect(model, lastOffer, client, requests.get(i), reply, now);
                }
                assertNoAddressTwice(model);
                InvariantChecker.check(server.engine());
                switch (random.nextInt(20)) {
                    case 0 -> server.advanceAndSweep(Duration.ofSeconds(random.nextInt(4000)));
                    case 1 -> {
                        server.restart();
                        lastOffer.clear();
                        assertModelDurable(server, model);
                    }
                    default -> server.advanceAndSweep(Duration.ofSeconds(random.nextInt(20)));
                }
                InvariantChecker.check(server.engine());
            }
        }
        assertThat(acks).as("the scenario exercised bindings").isGreaterThan(ROUNDS / 4);
    }

    private static DhcpMessage randomMessage(Random random, TestClient client, Bound bound, Ipv4Address offered) {
        Ipv4Address someAddress = Ipv4Address.parse("192.0.2." + (95 + random.nextInt(40)));
        Ipv4Address own = bound != null ? bound.address() : offered != null ? offered : someAddress;
        return switch (random.nextInt(10)) {
            case 0, 1 -> client.discover();
            case 2 -> client.discoverRequesting(someAddress);
            case 3, 4 -> client.select(offered != null ? offered : someAddress, SERVER);
            case 5 -> client.select(own, OTHER_SERVER);
            case 6 -> client.renew(own);
            case 7 -> client.initReboot(random.nextBoolean() ? own : someAddress);
            case 8 -> client.release(own, SERVER);
            default -> client.decline(own, SERVER);
        };
    }

    /** Checks one outcome against the model and updates it; returns 1 for an ACK that bound an address. */
    private static int expect(Map<Integer, Bound> model, Map<Integer, Ipv4Address> lastOffer, int client,
                              DhcpMessage request, Optional<DhcpMessage> reply, Instant now) {
        MessageType type = request.messageType().orElseThrow();
        Bound bound = model.get(client);
        Optional<MessageType> answer = reply.flatMap(DhcpMessage::messageType);
        if (type.equals(MessageType.DISCOVER)) {
            if (bound != null) {
                assertThat(reply.map(DhcpMessage::yiaddr)).as("a bound client is offered its binding")
                        .contains(bound.address());
            }
            reply.ifPresent(offer -> lastOffer.put(client, offer.yiaddr()));
            return 0;
        }
        if (type.equals(MessageType.RELEASE) || type.equals(MessageType.DECLINE)) {
            assertThat(reply).isEmpty();
            Ipv4Address named = type.equals(MessageType.RELEASE) ? request.ciaddr()
                    : request.requestedIpAddress().orElseThrow();
            if (bound != null && bound.address().equals(named)) {
                model.remove(client);
            }
            if (type.equals(MessageType.DECLINE)) {
                lastOffer.remove(client);
            }
            return 0;
        }
        if (request.serverIdentifier().filter(OTHER_SERVER::equals).isPresent()) {
            assertThat(reply).as("a request for another server is not ours to answer").isEmpty();
            lastOffer.remove(client);
            return 0;
        }
        Ipv4Address asked = request.requestedIpAddress().orElse(request.ciaddr());
        if (bound != null && bound.address().equals(asked)) {
            assertThat(answer).as("a client asking for its own live binding is ACKed").contains(MessageType.ACK);
        }
        if (bound != null && !bound.address().equals(asked) && !asked.toString().startsWith("192.0.2.")) {
            assertThat(answer).contains(MessageType.NAK);
        }
        if (answer.filter(MessageType.ACK::equals).isPresent()) {
            DhcpMessage ack = reply.get();
            assertThat(ack.yiaddr()).isEqualTo(asked);
            model.put(client, new Bound(ack.yiaddr(), now.plusSeconds(ack.leaseTime().orElseThrow())));
            lastOffer.remove(client);
            return 1;
        }
        return 0;
    }

    private static void assertNoAddressTwice(Map<Integer, Bound> model) {
        assertThat(model.values().stream().map(Bound::address).distinct().count())
                .as("invariant 2: no address ACKed to two live clients").isEqualTo(model.size());
    }

    /** Invariant 3: every binding the model saw ACKed and still live is in the store after a restart. */
    private static void assertModelDurable(EngineFixture server, Map<Integer, Bound> model) {
        Instant now = server.clock.instant();
        model.forEach((client, bound) -> {
            if (bound.end().isAfter(now)) {
                Lease lease = server.store().get(bound.address()).orElseThrow();
                assertThat(lease.client()).isEqualTo(ClientId.fromHardware(new TestClient(client).mac()));
                assertThat(lease.end()).isEqualTo(bound.end().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            }
        });
    }
}

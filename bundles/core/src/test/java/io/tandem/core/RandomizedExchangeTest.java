package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients send random message sequences to an engine on a real store, without waiting for each other: a
 * client's next message goes out once it has its answer, whatever the others are doing. Meanwhile the clock moves,
 * the sweep runs on its own thread, commits take a random while, the store stalls now and then, and the server
 * crashes mid-commit (commits not yet on disk are lost, the engine is dropped, a new one opens the file) or restarts
 * cleanly. Every answer is checked against a model of what each client was told; at quiet moments and after every
 * restart the invariants are checked on the engine and the model's bindings are looked up in the store.
 *
 * <p>Each run has a seed, printed at its start; {@code -Dtandem.randomized.seed=N} runs that seed alone. The seed
 * fixes the schedule (clock moves, stalls, crash and check points, commit delays) and the sequence of message
 * choices. Thread timing is not part of it: which clients are still waiting at a step, and so what they are told,
 * may differ from one rerun to the next.
 */
class RandomizedExchangeTest {

    private static final int CLIENTS = 40;
    private static final int STEPS = 1500;
    private static final int PARALLEL = 6;
    private static final int MAX_COMMIT_MILLIS = 12;
    private static final Duration OFFER_HOLD = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(3600);
    private static final Ipv4Address OTHER_SERVER = Ipv4Address.parse("192.0.2.2");
    private static final Ipv4Address POOL_FIRST = Ipv4Address.parse("192.0.2.100");
    private static final Ipv4Address POOL_LAST = Ipv4Address.parse("192.0.2.129");
    private static final int RESERVED_CLIENT = 7;
    private static final Ipv4Address RESERVED = Ipv4Address.parse("192.0.2.20");

    @TempDir
    Path directory;

    /**
     * A binding ACKed to a client: it ends between the two instants (the server took its time in between), so it
     * is live for sure before the first and has ended for sure at the second.
     */
    private record Bound(Ipv4Address address, Instant earliestEnd, Instant latestEnd) {
    }

    /** An address offered to a client; the server holds it for the client at least until {@code heldUntil}. */
    private record Offer(Ipv4Address address, Instant heldUntil) {
    }

    /**
     * A message sent and not yet answered, with what the model knew of its client when it went out.
     *
     * @param number the how-manieth message of the run it is
     */
    private record Pending(long number, int client, DhcpMessage request, Instant sentAt, Bound bound, Offer offer,
                           boolean uncertain, CompletableFuture<Optional<DhcpMessage>> reply) {
    }

    /**
     * A NAK to judge once every message sent before it was answered has been seen: one of them may have made the
     * server hold or bind the address for another client.
     *
     * @param sentBefore how many messages had been sent when the NAK arrived
     */
    private record Nak(int client, Ipv4Address asked, long sentBefore, String description) {
    }

    @Test
    void random_clients_keep_every_invariant_and_match_the_model() throws Exception {
        String chosen = System.getProperty("tandem.randomized.seed");
        long[] seeds = chosen != null ? new long[] {Long.parseLong(chosen)} : LongStream.rangeClosed(1, 3).toArray();
        for (long seed : seeds) {
            System.out.println("RandomizedExchangeTest seed=" + seed + " (rerun with -Dtandem.randomized.seed="
                    + seed + ")");
            Path dir = Files.createDirectories(directory.resolve("seed-" + seed));
            try {
                new Run(seed, dir).play();
            } catch (AssertionError | Exception e) {
                throw new AssertionError("randomized run failed seed=" + seed + ": " + e.getMessage(), e);
            }
        }
    }

    /** One seeded run and its model. */
    private static final class Run {

        private final long seed;
        /** Draws what happens to the server, the same number each step whatever the threads did. */
        private final Random schedule;
        /** Draws what the clients send. */
        private final Random messages;
        private final Path dir;
        private final List<TestClient> clients = new ArrayList<>();
        private final Map<Integer, Bound> model = new HashMap<>();
        private final Map<Integer, Offer> lastOffer = new HashMap<>();
        private final Map<Integer, Pending> pending = new HashMap<>();
        /** Clients whose binding is unknown since a crash lost their request, until any binding of then has ended. */
        private final Map<Integer, Instant> uncertainUntil = new HashMap<>();
        /** Every client that named an address or was given it, by address, with the first message that did. */
        private final Map<Ipv4Address, Map<Integer, Long>> involved = new HashMap<>();
        /** Addresses each client was ACKed or asked for in a request a crash lost. */
        private final Map<Integer, Set<Ipv4Address>> ownedOnce = new HashMap<>();
        /** Every address a client declined, with the first message that did. */
        private final Map<Ipv4Address, Long> declined = new HashMap<>();
        private final List<Nak> naksToJudge = new ArrayList<>();
        private long sent;
        private EngineFixture server;
        private int acks;
        private int naks;
        private int crashes;
        private int stallSteps;

        Run(long seed, Path dir) {
            this.seed = seed;
            this.schedule = new Random(seed);
            this.messages = new Random(~seed);
            this.dir = dir;
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new TestClient(i));
            }
        }

        void play() throws Exception {
            Map<String, Object> small = new HashMap<>(EngineFixture.demoSubnet());
            small.put("pools", POOL_FIRST + "-" + POOL_LAST);
            small.put("reservations", "02:00:00:00:00:07=" + RESERVED);
            long started = System.nanoTime();
            boolean crashWanted = false;
            try (EngineFixture fixture = new EngineFixture(dir, List.of(small),
                    new EngineSettings(OFFER_HOLD, Duration.ofSeconds(600), 2))) {
                server = fixture;
                slowDisk();
                try (ConcurrentSweeper sweeper = new ConcurrentSweeper(server)) {
                    for (int step = 0; step < STEPS; step++) {
                        collectAnswers();
                        sendSome();
                        moveClock();
                        stallNowAndThen(schedule.nextInt(25), 2 + schedule.nextInt(12));
                        crashWanted |= schedule.nextInt(60) == 0;
                        boolean restart = schedule.nextInt(150) == 0;
                        boolean check = schedule.nextInt(12) == 0;
                        // Only a crash with commits in flight tests what a crash loses.
                        if (crashWanted && server.steering().unfinished() > 0) {
                            crashWanted = false;
                            crash(sweeper);
                        } else if (restart || check) {
                            quiesce(sweeper, restart);
                        }
                        Thread.sleep(schedule.nextInt(3));
                    }
                    quiesce(sweeper, false);
                }
            }
            System.out.println("RandomizedExchangeTest seed=" + seed + " acks=" + acks + " naks=" + naks
                    + " crashes=" + crashes + " millis=" + (System.nanoTime() - started) / 1_000_000);
            assertThat(acks).as("the scenario exercised bindings").isGreaterThan(STEPS / 4);
            assertThat(naks).as("the scenario exercised refusals").isPositive();
            assertThat(crashes).as("the scenario crashed mid-commit").isPositive();
        }

        private void slowDisk() {
            server.steering().randomLatency(new Random(seed * 1_000 + crashes), MAX_COMMIT_MILLIS);
        }

        private Instant now() {
            return server.clock.instant();
        }

        private void sendSome() {
            List<Integer> idle = messages.ints(0, CLIENTS).distinct().limit(PARALLEL).boxed()
                    .filter(client -> !pending.containsKey(client)).toList();
            for (int client : idle) {
                Instant now = now();
                DhcpMessage request = randomMessage(clients.get(client), model.get(client), lastOffer.get(client));
                long number = ++sent;
                named(request).ifPresent(address -> involve(address, client, number));
                if (request.messageType().orElseThrow().equals(MessageType.DECLINE)) {
                    declined.putIfAbsent(request.requestedIpAddress().orElseThrow(), number);
                }
                pending.put(client, new Pending(number, client, request, now, model.get(client), lastOffer.get(client),
                        isUncertain(client), server.engine().handle(request, EngineFixture.LINK).toCompletableFuture()));
            }
        }

        private DhcpMessage randomMessage(TestClient client, Bound bound, Offer offer) {
            Ipv4Address some = messages.nextInt(10) == 0
                    ? Ipv4Address.parse("203.0.113." + (1 + messages.nextInt(50)))
                    : Ipv4Address.parse("192.0.2." + (95 + messages.nextInt(40)));
            Ipv4Address offered = offer != null ? offer.address() : null;
            Ipv4Address own = bound != null ? bound.address() : offered != null ? offered : some;
            if (offered != null && messages.nextInt(3) > 0) {
                // A client mostly does what RFC 2131 says: request what it was offered.
                return client.select(offered, SERVER);
            }
            return switch (messages.nextInt(10)) {
                case 0, 1 -> client.discover();
                case 2 -> client.discoverRequesting(some);
                case 3, 4 -> client.select(offered != null ? offered : some, SERVER);
                case 5 -> client.select(own, OTHER_SERVER);
                case 6 -> client.renew(messages.nextInt(4) == 0 ? some : own);
                case 7 -> client.initReboot(messages.nextBoolean() ? own : some);
                case 8 -> client.release(own, SERVER);
                default -> client.decline(own, SERVER);
            };
        }

        private void moveClock() {
            int dice = schedule.nextInt(200);
            if (dice == 0) {
                server.clock.advance(Duration.ofSeconds(schedule.nextInt(4000)));
            } else if (dice < 70) {
                server.clock.advance(Duration.ofSeconds(schedule.nextInt(20)));
            }
        }

        /** Now and then the disk stalls for a few steps: commits pile up, the clock and the sweep go on. */
        private void stallNowAndThen(int dice, int steps) {
            if (stallSteps > 0 && --stallSteps == 0) {
                server.steering().openGate();
            } else if (stallSteps == 0 && dice == 0) {
                stallSteps = steps;
                server.steering().closeGate();
            }
        }

        /** Checks every answer that has arrived, in no particular order, then the model's one-client-per-address. */
        private void collectAnswers() throws Exception {
            Instant now = now();
            model.values().removeIf(bound -> !bound.latestEnd().isAfter(now));
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending sent = it.next();
                if (sent.reply().isDone()) {
                    it.remove();
                    expect(sent, sent.reply().get(), now);
                }
            }
            assertNoAddressTwice();
        }

        /** Waits for every answer and every sweep, then checks the invariants and the store; restarts if asked. */
        private void quiesce(ConcurrentSweeper sweeper, boolean restart) throws Exception {
            server.steering().openGate();
            stallSteps = 0;
            for (Pending sent : pending.values()) {
                sent.reply().get(10, TimeUnit.SECONDS);
            }
            collectAnswers();
            judgeNaks();
            sweeper.pauseAndDrain();
            try {
                if (restart) {
                    server.restart();
                    slowDisk();
                    lastOffer.clear();
                }
                InvariantChecker.check(server.engine());
                assertModelDurable();
            } finally {
                sweeper.resume();
            }
        }

        /** The server dies with commits in flight; the clients waiting for an answer never get one. */
        private void crash(ConcurrentSweeper sweeper) throws Exception {
            sweeper.pauseAndForget();
            try {
                crashes++;
                server.crashAndRestart();
                slowDisk();
                stallSteps = 0;
                Instant now = now();
                for (Pending lost : pending.values()) {
                    // It may or may not have reached the disk: the model no longer knows this client's binding.
                    model.remove(lost.client());
                    uncertainUntil.put(lost.client(), now.plus(LEASE).plusSeconds(1));
                    named(lost.request()).ifPresent(address ->
                            ownedOnce.computeIfAbsent(lost.client(), c -> new HashSet<>()).add(address));
                }
                pending.clear();
                lastOffer.clear();
                // What the lost answers would have told is gone: the NAKs waiting for them cannot be judged.
                naksToJudge.clear();
                InvariantChecker.check(server.engine());
                assertModelDurable();
            } finally {
                sweeper.resume();
            }
        }

        private boolean isUncertain(int client) {
            Instant until = uncertainUntil.get(client);
            return until != null && until.isAfter(now());
        }

        private void involve(Ipv4Address address, int client, long number) {
            involved.computeIfAbsent(address, a -> new HashMap<>()).merge(client, number, Math::min);
        }

        /** Checks one answer against the model and updates the model. */
        private void expect(Pending sent, Optional<DhcpMessage> reply, Instant now) {
            int client = sent.client();
            DhcpMessage request = sent.request();
            MessageType type = request.messageType().orElseThrow();
            Bound live = sent.bound() != null && sent.bound().earliestEnd().isAfter(now) ? sent.bound() : null;
            Optional<MessageType> answer = reply.flatMap(DhcpMessage::messageType);
            reply.map(DhcpMessage::yiaddr).filter(address -> !address.isAny())
                    .ifPresent(address -> involve(address, client, sent.number()));
            lastOffer.remove(client);
            if (type.equals(MessageType.DISCOVER)) {
                if (live != null && !sent.uncertain()) {
                    assertThat(reply.map(DhcpMessage::yiaddr)).as("a bound client is offered its binding")
                            .contains(live.address());
                }
                reply.ifPresent(offer -> lastOffer.put(client, new Offer(offer.yiaddr(), heldUntil(sent, offer))));
                return;
            }
            if (type.equals(MessageType.RELEASE) || type.equals(MessageType.DECLINE)) {
                assertThat(reply).isEmpty();
                Ipv4Address named = named(request).orElseThrow();
                if (sent.bound() != null && sent.bound().address().equals(named)) {
                    model.remove(client);
                }
                return;
            }
            if (request.serverIdentifier().filter(OTHER_SERVER::equals).isPresent()) {
                assertThat(reply).as("a request for another server is not ours to answer").isEmpty();
                return;
            }
            Ipv4Address asked = named(request).orElseThrow();
            if (!asked.toString().startsWith("192.0.2.") && request.ciaddr().isAny()) {
                assertThat(answer).as("a request for %s, off the client's network, is NAKed", asked)
                        .contains(MessageType.NAK);
            }
            if (!asked.toString().startsWith("192.0.2.") && !request.ciaddr().isAny()) {
                assertThat(reply).as("a renewal from a network not served is not answered").isEmpty();
            }
            if (!sent.uncertain() && live != null && live.address().equals(asked)) {
                assertThat(answer).as("a client asking for its own live binding is ACKed").contains(MessageType.ACK);
            }
            boolean selecting = request.serverIdentifier().isPresent();
            // A declined reservation is offered still, but not bound while abandoned (left as it is).
            boolean abandonedReservation = asked.equals(RESERVED) && declined.containsKey(RESERVED);
            if (!sent.uncertain() && selecting && sent.offer() != null && sent.offer().address().equals(asked)
                    && now.isBefore(sent.offer().heldUntil()) && !abandonedReservation) {
                assertThat(answer).as("a client requesting the offer held for it is ACKed (%s)", describe(request))
                        .contains(MessageType.ACK);
            }
            if (answer.filter(MessageType.NAK::equals).isPresent()) {
                String why = reply.get().options().get(OptionCode.MESSAGE)
                        .map(bytes -> new String(bytes, StandardCharsets.US_ASCII)).orElse("?");
                naksToJudge.add(new Nak(client, asked, this.sent, describe(request) + ", NAK says \"" + why + "\""));
            }
            if (answer.filter(MessageType.ACK::equals).isPresent()) {
                DhcpMessage ack = reply.get();
                assertThat(ack.yiaddr()).isEqualTo(asked);
                long seconds = ack.leaseTime().orElseThrow();
                model.put(client, new Bound(ack.yiaddr(),
                        sent.sentAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds),
                        now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds)));
                ownedOnce.computeIfAbsent(client, c -> new HashSet<>()).add(ack.yiaddr());
                uncertainUntil.remove(client);
                acks++;
            }
        }

        private void judgeNaks() {
            for (Nak nak : naksToJudge) {
                naks++;
                assertThat(isJustified(nak)).as("NAK of %s to client %d (%s): it is in its network, in the pool, not"
                        + " reserved, not declined, and no other client had or asked for it", nak.asked(), nak.client(),
                        nak.description()).isTrue();
            }
            naksToJudge.clear();
        }

        /**
         * Until when the server surely keeps {@code offer} for the client: the offer hold from when the DISCOVER went
         * out, or less if the offer is the client's binding, which is not held and may end first.
         */
        private static Instant heldUntil(Pending sent, DhcpMessage offer) {
            Instant held = sent.sentAt().truncatedTo(ChronoUnit.SECONDS).plus(OFFER_HOLD);
            Bound bound = sent.bound();
            return bound != null && bound.address().equals(offer.yiaddr()) && bound.earliestEnd().isBefore(held)
                    ? bound.earliestEnd() : held;
        }

        /**
         * A NAK says the address is not the client's to have. True if something the test did could make it so: the
         * address is off the network, outside the pool, reserved for another client (or the client has a
         * reservation elsewhere), was declined, or another client ever had or asked for it; or the client itself
         * once had it, so that its own ended binding may still wait for the sweep.
         */
        private boolean isJustified(Nak nak) {
            int client = nak.client();
            Ipv4Address asked = nak.asked();
            if (!asked.toString().startsWith("192.0.2.") || declined.getOrDefault(asked, Long.MAX_VALUE) <= nak.sentBefore()) {
                return true;
            }
            if (asked.compareTo(POOL_FIRST) < 0 || asked.compareTo(POOL_LAST) > 0) {
                return true;
            }
            if ((client == RESERVED_CLIENT) != asked.equals(RESERVED)) {
                return true;
            }
            boolean otherClient = involved.getOrDefault(asked, Map.of()).entrySet().stream()
                    .anyMatch(entry -> entry.getKey() != client && entry.getValue() <= nak.sentBefore());
            return otherClient || ownedOnce.getOrDefault(client, Set.of()).contains(asked);
        }

        private String describe(DhcpMessage request) {
            Ipv4Address asked = named(request).orElseThrow();
            return request.messageType().orElseThrow() + " server=" + request.serverIdentifier().orElse(null)
                    + " ciaddr=" + request.ciaddr() + " stored=" + server.store().get(asked).orElse(null)
                    + " held=" + server.engine().bindings().offers().heldAt(asked).orElse(null)
                    + " free=" + server.engine().catalog().subnets().get(0).free().contains(asked);
        }

        private static Optional<Ipv4Address> named(DhcpMessage request) {
            return request.requestedIpAddress().or(() -> Optional.of(request.ciaddr()).filter(a -> !a.isAny()));
        }

        /** Invariant 2 as the clients see it: no two clients with an answer hold live ACKs for one address. */
        private void assertNoAddressTwice() {
            Instant now = now();
            Map<Ipv4Address, Integer> holder = new HashMap<>();
            model.forEach((client, bound) -> {
                if (!pending.containsKey(client) && bound.earliestEnd().isAfter(now)) {
                    Integer other = holder.put(bound.address(), client);
                    assertThat(other).as("invariant 2: %s ACKed to clients %s and %d", bound.address(), other, client)
                            .isNull();
                }
            });
        }

        /** Invariant 3: every binding the model saw ACKed and still live is in the store as ACKed. */
        private void assertModelDurable() {
            Instant now = now();
            model.forEach((client, bound) -> {
                if (bound.earliestEnd().isAfter(now) && !pending.containsKey(client)) {
                    Lease lease = server.store().get(bound.address()).orElseThrow(
                            () -> new AssertionError("ACKed " + bound + " to client " + client + " is not stored"));
                    assertThat(lease.client()).as("client of %s", bound.address())
                            .isEqualTo(ClientId.fromHardware(new TestClient(client).mac()));
                    assertThat(lease.end()).as("end of %s", bound.address())
                            .isBetween(bound.earliestEnd(), bound.latestEnd());
                }
            });
        }
    }
}

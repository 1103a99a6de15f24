package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PolicyStatus;
import io.tandem.api.Proposal;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deliberately wrong allocation policy, proposing bound, held, reserved, peer-owned, out-of-pool and out-of-subnet
 * addresses, throwing, returning null and hanging past the deadline, in random order while clients come and go:
 * every client still gets an allocatable address or nothing, never a duplicate binding, and every fault is counted
 * against the policy. Invariants are checked after every exchange.
 */
class MisbehavingPolicyTest {

    private static final Ipv4Address SERVER = EngineFixture.SERVER;
    private static final Duration DEADLINE = Duration.ofMillis(50);
    private static final Ipv4Address RESERVED = Ipv4Address.parse("192.0.2.120");
    /** .150-.199 are the secondary's: this server is the primary. */
    private static final Ipv4Address PEERS = Ipv4Address.parse("192.0.2.170");
    private static final Ipv4Address OUTSIDE_POOL = Ipv4Address.parse("192.0.2.20");
    private static final Ipv4Address OUTSIDE_SUBNET = Ipv4Address.parse("198.51.100.7");

    @TempDir
    Path directory;
    private EngineFixture server;
    /** Unblocks the policy's hanging calls at the end, so that no thread outlives the test. */
    private final CountDownLatch release = new CountDownLatch(1);

    private enum Fault { BOUND, HELD, RESERVED, PEERS, OUTSIDE_POOL, OUTSIDE_SUBNET, THROWS, NULL, HANGS, NONE }

    /** Does what {@link #next} says; remembers the addresses bound and held for other clients to propose them. */
    private final class WrongPolicy implements AllocationPolicy {
        final Map<Ipv4Address, ClientId> bound = new ConcurrentHashMap<>();
        final Map<Ipv4Address, ClientId> held = new ConcurrentHashMap<>();
        volatile Fault next = Fault.NONE;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "wrong";
        }

        @Override
        public Proposal propose(AllocationRequest request) {
            calls.incrementAndGet();
            return switch (next) {
                case BOUND -> offer(other(bound, request.client()));
                case HELD -> offer(other(held, request.client()));
                case RESERVED -> offer(RESERVED);
                case PEERS -> offer(PEERS);
                case OUTSIDE_POOL -> offer(OUTSIDE_POOL);
                case OUTSIDE_SUBNET -> offer(OUTSIDE_SUBNET);
                case THROWS -> throw new IllegalStateException("policy bug");
                case NULL -> null;
                case HANGS -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield offer(request.allocatable().longestFree().orElseThrow());
                }
                case NONE -> request.allocatable().longestFree().<Proposal>map(Proposal.Offer::new)
                        .orElse(new Proposal.NoAddress("pool exhausted"));
            };
        }

        private static Proposal offer(Ipv4Address address) {
            return new Proposal.Offer(address);
        }

        /** An address of another client's, or one outside the subnet while there is none yet. */
        private static Ipv4Address other(Map<Ipv4Address, ClientId> addresses, ClientId client) {
            return addresses.entrySet().stream().filter(entry -> !entry.getValue().equals(client))
                    .map(Map.Entry::getKey).findFirst().orElse(OUTSIDE_SUBNET);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> subnet = new HashMap<>(EngineFixture.demoSubnet());
        subnet.put("reservations", "02:00:00:00:03:e7=" + RESERVED);
        server = new EngineFixture(directory, List.of(subnet), new EngineSettings(Duration.ofSeconds(30),
                Duration.ofSeconds(600), 2, Optional.empty(), DEADLINE, 0));
        HashBuckets primarys = HashBuckets.split(128);
        server.failover.view(new FailoverView(FailoverRole.PRIMARY, FailoverState.NORMAL, server.clock.instant(),
                FailoverState.NORMAL, Duration.ofSeconds(60), primarys, 0, FailoverView.ISC_MAX_LEASE_MISBALANCE,
                FailoverView.ISC_MAX_LEASE_OWNERSHIP));
        List<Lease> backup = new ArrayList<>();
        for (int last = 150; last <= 199; last++) {
            backup.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.BACKUP).build());
        }
        server.store().commit(backup).toCompletableFuture().get();
        server.restart();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    @Timeout(60)
    void a_wrong_policy_costs_no_duplicate_binding_and_every_fault_is_counted_against_it() throws Exception {
        WrongPolicy wrong = new WrongPolicy();
        server.policies().add(wrong, "wrong-bundle", 1_000);
        Random random = new Random(13);
        Map<Fault, Integer> faults = new HashMap<>();
        int offered = 0;
        for (int n = 1; n <= 400 && offered < 40; n++) {
            TestClient client = new TestClient(n);
            ClientId id = ClientId.of(client.discover());
            if (HashBuckets.bucketOf(id) >= 128) {
                continue;
            }
            Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
            wrong.next = fault;
            faults.merge(fault, 1, Integer::sum);
            Optional<DhcpMessage> offer = server.send(client.discover());
            InvariantChecker.check(server.engine());
            assertThat(offer).as("%s gets an address despite %s", client, fault).isPresent();
            Ipv4Address address = offer.get().yiaddr();
            long last = address.toUnsigned() & 0xff;
            assertThat(last).as("%s offered to %s after %s", address, client, fault).isBetween(100L, 149L)
                    .isNotEqualTo(RESERVED.toUnsigned() & 0xff);
            assertThat(wrong.bound).as("%s is bound to another client", address).doesNotContainKey(address);
            offered++;
            if (random.nextBoolean()) {
                wrong.held.put(address, id);
                continue;
            }
            DhcpMessage ack = server.send(client.select(address, SERVER)).orElseThrow();
            InvariantChecker.check(server.engine());
            assertThat(ack.messageType()).contains(MessageType.ACK);
            wrong.held.remove(address);
            wrong.bound.put(address, id);
        }
        assertThat(offered).isEqualTo(40);

        PolicyStatus status = server.administration().policies().get(0);
        long refusedFaults = faults.getOrDefault(Fault.BOUND, 0) + faults.getOrDefault(Fault.HELD, 0)
                + faults.getOrDefault(Fault.RESERVED, 0) + faults.getOrDefault(Fault.PEERS, 0)
                + faults.getOrDefault(Fault.OUTSIDE_POOL, 0) + faults.getOrDefault(Fault.OUTSIDE_SUBNET, 0);
        long failedFaults = faults.getOrDefault(Fault.THROWS, 0) + faults.getOrDefault(Fault.NULL, 0)
                + faults.getOrDefault(Fault.HANGS, 0);
        assertThat(status.name()).isEqualTo("wrong");
        assertThat(status.refused()).isEqualTo(refusedFaults);
        assertThat(status.failed()).isEqualTo(failedFaults);
        assertThat(status.served()).isEqualTo((long) faults.getOrDefault(Fault.NONE, 0));
        PolicyStatus fallback = server.administration().policies().get(2);
        assertThat(fallback.name()).isEqualTo(PolicyStatus.FALLBACK);
        assertThat(fallback.served()).isEqualTo(refusedFaults + failedFaults);
    }

    /** Hangs without heeding interruption until {@link #release}, then proposes what the test policy would. */
    private final class StubbornPolicy implements AllocationPolicy {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "stubborn";
        }

        @Override
        public Proposal propose(AllocationRequest request) {
            if (calls.incrementAndGet() == 1) {
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
            }
            return new TestPolicy().propose(request);
        }
    }

    @Test
    @Timeout(60)
    void a_call_that_ignores_its_deadline_holds_one_client_while_the_others_get_the_fallback() throws Exception {
        StubbornPolicy stubborn = new StubbornPolicy();
        server.policies().add(stubborn, "stubborn-bundle", 1_000);
        int workers = server.engine().workerCount();
        List<TestClient> clients = clientsInOurBuckets(6);
        CompletableFuture<Optional<DhcpMessage>> held = server.engine().handle(clients.get(0).discover(), EngineFixture.LINK).toCompletableFuture();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.engine().workerCount() == workers && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(server.engine().workerCount()).as("the held worker replaced").isEqualTo(workers + 1);

        for (TestClient client : clients.subList(1, 6)) {
            assertThat(server.send(client.discover())).as("answered by the fallback while the call hangs")
                    .isPresent();
            InvariantChecker.check(server.engine());
        }
        assertThat(held).isNotDone();
        assertThat(stubborn.calls).as("passed over while hung").hasValue(1);
        PolicyStatus hung = server.administration().policies().get(0);
        assertThat(hung.failed()).isEqualTo(5);

        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).as("the held client is answered by the fallback").isPresent();
        assertThat(server.engine().workerCount()).isEqualTo(workers);
        assertThat(server.administration().policies().get(0).failed()).isEqualTo(6);
        TestClient next = clients.get(0);
        for (int n = 1000; ; n++) {
            next = new TestClient(n);
            if (HashBuckets.bucketOf(ClientId.of(next.discover())) < 128) {
                break;
            }
        }
        assertThat(server.send(next.discover())).isPresent();
        assertThat(stubborn.calls).as("used again once its call returned").hasValue(2);
        assertThat(server.administration().policies().get(0).served()).isEqualTo(1);
        InvariantChecker.check(server.engine());
    }

    @Test
    @Timeout(60)
    void a_new_policy_may_take_longer_until_its_first_call_returns_then_the_deadline_holds() throws Exception {
        Duration slow = DEADLINE.multipliedBy(4);
        assertThat(slow).isLessThan(DiscoverHandler.FIRST_ANSWER_DEADLINE);
        AllocationPolicy slowEveryTime = TestPolicy.answering("slow", request -> {
            try {
                TimeUnit.NANOSECONDS.sleep(slow.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted past the deadline", e);
            }
            return new TestPolicy().propose(request);
        });
        server.policies().add(slowEveryTime, "slow-bundle", 1_000);
        List<TestClient> clients = clientsInOurBuckets(2);

        assertThat(server.send(clients.get(0).discover())).isPresent();
        PolicyStatus first = server.administration().policies().get(0);
        assertThat(first.failed()).as("the first call, loading classes, is not held to the deadline").isZero();
        assertThat(first.served()).isEqualTo(1);

        assertThat(server.send(clients.get(1).discover())).as("answered by the fallback").isPresent();
        PolicyStatus second = server.administration().policies().get(0);
        assertThat(second.failed()).as("later calls are").isEqualTo(1);
        assertThat(second.served()).isEqualTo(1);
        InvariantChecker.check(server.engine());
    }

    @Test
    void an_address_another_client_takes_while_the_policy_answers_is_not_blamed_on_the_policy() throws Exception {
        TestClient other = new TestClient(9_001);
        AtomicInteger calls = new AtomicInteger();
        // The first proposal is taken by another client's exchange before core can check it: contention.
        AllocationPolicy racing = TestPolicy.answering("racing", request -> {
            Ipv4Address free = request.allocatable().longestFree().orElseThrow();
            if (calls.incrementAndGet() == 1) {
                ServedSubnet served = server.engine().catalog().subnets().get(0);
                assertThat(server.engine().bindings().hold(served, free, ClientId.of(other.discover()),
                        other.mac(), Duration.ofSeconds(30))).isTrue();
            }
            return new Proposal.Offer(free);
        });
        server.policies().add(racing, "racing-bundle", 1_000);
        TestClient client = clientsInOurBuckets(1).get(0);

        Optional<DhcpMessage> offer = server.send(client.discover());

        assertThat(offer).isPresent();
        assertThat(calls).as("asked again after the contention").hasValue(2);
        PolicyStatus status = server.administration().policies().get(0);
        assertThat(status.refused()).isZero();
        assertThat(status.served()).isEqualTo(1);
        InvariantChecker.check(server.engine());
    }

    private static List<TestClient> clientsInOurBuckets(int count) {
        List<TestClient> clients = new ArrayList<>();
        for (int n = 1; clients.size() < count; n++) {
            if (HashBuckets.bucketOf(ClientId.of(new TestClient(n).discover())) < 128) {
                clients.add(new TestClient(n));
            }
        }
        return clients;
    }
}

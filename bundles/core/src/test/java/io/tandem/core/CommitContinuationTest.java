package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.Burst;
import io.tandem.api.FailoverService;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which thread does what. What comes before a commit runs on the receiving thread where nothing can block it, and
 * what follows it (the pool index, the expiry queue, the peer, the reply) on the thread that completed the commit,
 * the store's writer or the receiving thread closing its burst, without waking a worker. Only a call to the allocation policy, which may block, moves to a
 * worker.
 */
class CommitContinuationTest {

    @TempDir
    Path directory;

    /** A standalone peer that notes which thread hands it each committed batch. */
    private static final class ThreadRecorder implements FailoverService {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public FailoverView view() {
            return FailoverView.STANDALONE;
        }

        @Override
        public void bindingsChanged(List<Lease> committed) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void a_commit_continues_on_the_store_writer() throws Exception {
        ThreadRecorder peer = new ThreadRecorder();
        try (MapDbLeaseStore store = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.MMAP, 4096);
             Engine engine = new Engine(store, new TrafficCounters(), new MutableClock(Instant.now()),
                     new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600), 2),
                     InstalledPolicies.of(new TestPolicy()), () -> Optional.of(peer), Duration.ZERO)) {
            engine.serve(List.of(SubnetSettingsParser.parse("io.tandem.subnet~demo", EngineFixture.demoSubnet())));
            TestClient client = new TestClient(1);
            Ipv4Address offered = send(engine, client.discover()).orElseThrow().yiaddr();
            send(engine, client.select(offered, SERVER));
            send(engine, client.release(offered, SERVER));

            assertThat(peer.threads).hasSize(2).containsOnly("tandem-lease-store-writer");
        }
    }

    /**
     * A message from a client with nothing else on its lane is handled on the thread that received it, up to the
     * commit it queues, except for a call to the allocation policy, which may block: that runs on a worker.
     */
    @Test
    void a_message_is_handled_on_the_receiving_thread_and_a_policy_call_on_a_worker() throws Exception {
        List<String> policyThreads = new CopyOnWriteArrayList<>();
        AllocationPolicy recording = TestPolicy.answering("recording", request -> {
            policyThreads.add(Thread.currentThread().getName());
            return new TestPolicy().propose(request);
        });
        ExecutorService receiver = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-receiver"));
        try (MapDbLeaseStore durable = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.MMAP, 4096);
             CommitThreads store = new CommitThreads(durable);
             Engine engine = new Engine(store, new TrafficCounters(), new MutableClock(Instant.now()),
                     new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600), 2),
                     InstalledPolicies.of(recording), Optional::empty, Duration.ZERO)) {
            engine.serve(List.of(SubnetSettingsParser.parse("io.tandem.subnet~demo", EngineFixture.demoSubnet())));
            TestClient client = new TestClient(1);
            Ipv4Address offered = receiver.submit(() -> send(engine, client.discover())).get().orElseThrow().yiaddr();
            awaitIdleLanes(engine);
            // A retransmitted DISCOVER finds its offer held: no policy call, and no worker.
            store.lookups.clear();
            assertThat(receiver.submit(() -> send(engine, client.discover())).get().orElseThrow().yiaddr())
                    .isEqualTo(offered);
            assertThat(store.lookups).isNotEmpty().containsOnly("test-receiver");
            awaitIdleLanes(engine);
            DhcpMessage ack = receiver.submit(() -> send(engine, client.select(offered, SERVER))).get().orElseThrow();
            awaitIdleLanes(engine);
            receiver.submit(() -> send(engine, client.release(offered, SERVER))).get();

            assertThat(ack.messageType()).contains(MessageType.ACK);
            assertThat(policyThreads).singleElement()
                    .satisfies(thread -> assertThat(thread).startsWith("tandem-worker-"));
            assertThat(store.threads).containsExactly("test-receiver", "test-receiver");
        } finally {
            receiver.shutdownNow();
        }
    }

    /**
     * Packet I/O hands one read's datagrams over in a burst: the REQUESTs' leases are synced together when it
     * closes, on the receiving thread (the store's writer is idle), and what follows the commit runs there too.
     */
    @Test
    void a_burst_holds_its_acks_until_it_closes_and_continues_on_the_receiving_thread() throws Exception {
        ThreadRecorder peer = new ThreadRecorder();
        ExecutorService receiver = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-receiver"));
        try (MapDbLeaseStore store = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.MMAP, 4096);
             Engine engine = new Engine(store, new TrafficCounters(), new MutableClock(Instant.now()),
                     new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600), 2),
                     InstalledPolicies.of(new TestPolicy()), () -> Optional.of(peer), Duration.ZERO)) {
            engine.serve(List.of(SubnetSettingsParser.parse("io.tandem.subnet~demo", EngineFixture.demoSubnet())));
            List<TestClient> clients = List.of(new TestClient(1), new TestClient(2));
            List<Ipv4Address> offered = new ArrayList<>();
            for (TestClient client : clients) {
                offered.add(receiver.submit(() -> send(engine, client.discover())).get().orElseThrow().yiaddr());
            }
            awaitIdleLanes(engine);
            List<CompletableFuture<Optional<DhcpMessage>>> acks = receiver.submit(() -> {
                List<CompletableFuture<Optional<DhcpMessage>>> replies = new ArrayList<>();
                try (Burst burst = engine.openBurst()) {
                    for (int i = 0; i < clients.size(); i++) {
                        replies.add(engine.handle(clients.get(i).select(offered.get(i), SERVER), EngineFixture.LINK)
                                .toCompletableFuture());
                    }
                    Thread.sleep(100);
                    assertThat(replies).as("no ACK before the burst's leases are synced")
                            .noneMatch(CompletableFuture::isDone);
                }
                assertThat(replies).as("ACKs once the burst closed").allMatch(CompletableFuture::isDone);
                return replies;
            }).get(10, TimeUnit.SECONDS);

            assertThat(acks).extracting(reply -> reply.join().flatMap(DhcpMessage::messageType))
                    .containsOnly(Optional.of(MessageType.ACK));
            assertThat(peer.threads).containsExactly("test-receiver", "test-receiver");
            assertThat(store.counters().groups()).as("one sync for the burst").isEqualTo(1);
        } finally {
            receiver.shutdownNow();
        }
    }

    /** Waits for the lanes to forget the last exchange, which they do just after its reply is complete. */
    private static void awaitIdleLanes(Engine engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.busyLanes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(engine.busyLanes()).isZero();
    }

    /** A store that notes which thread queues each commit, and which looks up a client's leases. */
    private static final class CommitThreads implements LeaseStore, AutoCloseable {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> lookups = new CopyOnWriteArrayList<>();
        private final LeaseStore store;

        CommitThreads(LeaseStore store) {
            this.store = store;
        }

        @Override
        public Optional<Lease> get(Ipv4Address address) {
            return store.get(address);
        }

        @Override
        public List<Lease> findByClient(ClientId client) {
            lookups.add(Thread.currentThread().getName());
            return store.findByClient(client);
        }

        @Override
        public void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
            store.scan(first, last, visitor);
        }

        @Override
        public long size() {
            return store.size();
        }

        @Override
        public CompletionStage<Void> commit(Collection<Lease> leases) {
            threads.add(Thread.currentThread().getName());
            return store.commit(leases);
        }

        @Override
        public void close() {
        }
    }

    private static Optional<DhcpMessage> send(Engine engine, DhcpMessage request) throws Exception {
        return engine.handle(request, EngineFixture.LINK).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

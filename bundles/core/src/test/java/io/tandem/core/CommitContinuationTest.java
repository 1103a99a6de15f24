package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverService;
import io.tandem.api.FailoverView;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What follows a commit (the pool index, the expiry queue, the peer) runs on Tandem's own workers, not on the
 * thread that completed the commit: the store completes on the JVM's common pool, which all of Karaf shares.
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
    void a_commit_continues_on_a_tandem_worker() throws Exception {
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

            assertThat(peer.threads).hasSize(2).allSatisfy(thread -> assertThat(thread).startsWith("tandem-worker-"));
        }
    }

    private static Optional<DhcpMessage> send(Engine engine, DhcpMessage request) throws Exception {
        return engine.handle(request, EngineFixture.LINK).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

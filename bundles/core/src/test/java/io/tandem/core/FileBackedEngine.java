package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.FailoverService;
import io.tandem.api.PeerBindings;
import io.tandem.api.ReceivingLink;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.DhcpMessage;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An engine on a real MapDB store file, committing through a {@link SteeredLeaseStore}, that can be stopped and
 * started again on the same file, cleanly or as after a crash. The clock and the failover service are the
 * caller's: {@link EngineFixture} runs one standalone on a clock its test moves; the failover bundle's pair
 * simulation (through core's test-jar) runs two behind real failover endpoints, which is why this is public and
 * hands out core's side of the protocol, {@link PeerBindings}.
 */
public final class FileBackedEngine implements AutoCloseable {

    static final EngineSettings DEFAULT_SETTINGS =
            new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600), 2);

    private final Path file;
    private final List<Map<String, Object>> subnets;
    private final EngineSettings settings;
    private final Clock clock;
    private final TrafficStatistics statistics;
    private final Supplier<Optional<FailoverService>> failover;
    /** Core's test policy to begin with; kept across restarts, as a policy bundle outlives core's restarts. */
    final InstalledPolicies policies = InstalledPolicies.of(new TestPolicy());
    private MapDbLeaseStore store;
    private SteeredLeaseStore steered;
    private Engine engine;

    /** A started engine with core's default test settings, serving {@code subnets} (subnet configurations). */
    public FileBackedEngine(Path directory, List<Map<String, Object>> subnets, Clock clock,
                            Supplier<Optional<FailoverService>> failover)
            throws ConfigurationRejectedException {
        this(directory, subnets, DEFAULT_SETTINGS, clock, new TrafficCounters(), failover);
    }

    FileBackedEngine(Path directory, List<Map<String, Object>> subnets, EngineSettings settings, Clock clock,
                     TrafficStatistics statistics, Supplier<Optional<FailoverService>> failover)
            throws ConfigurationRejectedException {
        this.file = directory.resolve("leases.db");
        this.subnets = subnets;
        this.settings = settings;
        this.clock = clock;
        this.statistics = statistics;
        this.failover = failover;
        start();
    }

    /** Opens the store file and starts an engine on it; after {@link #crash} or at construction. */
    public void start() throws ConfigurationRejectedException {
        store = new MapDbLeaseStore(file, VolumeKind.MMAP, 4096);
        steered = new SteeredLeaseStore(store);
        engine = new Engine(steered, statistics, clock, settings, policies, failover,
                Duration.ZERO);
        List<SubnetSettings> parsed = new ArrayList<>();
        for (Map<String, Object> properties : subnets) {
            parsed.add(SubnetSettingsParser.parse(String.valueOf(properties.get("service.pid")), properties));
        }
        engine.serve(parsed);
    }

    /** Stops the engine and the store as a shutdown would, and starts both again on the same file. */
    public void restart() throws ConfigurationRejectedException {
        close();
        start();
    }

    /**
     * Kills the engine as a crash would: the commits that have not reached the store are lost and none completes,
     * and the engine's threads stop. What the store had been handed is written when it closes, as if it had reached
     * the disk just before the crash. {@link #start} brings it back on the same file.
     */
    public void crash() {
        steered.crash();
        store.close();
        // Only to free its threads: none of its commits can complete any more.
        engine.close();
    }

    /** {@link #crash} and {@link #start}. */
    public void crashAndRestart() throws ConfigurationRejectedException {
        crash();
        start();
    }

    /**
     * Every lease in the store file as a restart will find it; only while stopped or crashed, since it opens the
     * file by itself (and repairs it as a restart would).
     */
    public List<Lease> leasesOnDisk() {
        List<Lease> leases = new ArrayList<>();
        MapDbLeaseStore reopened = new MapDbLeaseStore(file, VolumeKind.MMAP, 4096);
        try {
            for (Subnet subnet : subnets()) {
                reopened.scan(subnet.network(), subnet.broadcast(), leases::add);
            }
        } finally {
            reopened.close();
        }
        return leases;
    }

    /** Holds every later commit back until the next {@link #crash} (an fsync that never returns). */
    public void stallCommits() {
        steered.closeGate();
    }

    /** Waits until every commit that {@link #stallCommits} does not hold has completed (at most 10 s). */
    public void awaitOnlyStalledCommits() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!steered.onlyGatedUnfinished()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("commits still running: " + steered.unfinished() + ", held "
                        + steered.gatedCount());
            }
            Thread.sleep(1);
        }
    }

    /** How many commits have been handed in and have not completed. */
    public int unfinishedCommits() {
        return steered.unfinished();
    }

    public CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link) {
        return engine.handle(request, link);
    }

    /** Returns lapsed offers and ends leases whose time is up, as the sweep timer would; see {@link Engine#sweep}. */
    public CompletableFuture<Void> sweep() {
        return engine.sweep();
    }

    /** The subnets served. */
    public List<Subnet> subnets() {
        return engine.catalog().subnets().stream().map(ServedSubnet::subnet).toList();
    }

    /** The real store under the steering: what it shows has reached it. */
    public MapDbLeaseStore store() {
        return store;
    }

    /** Core's side of the failover protocol for the engine running now; a restart starts another. */
    public PeerBindings peerBindings() {
        return engine;
    }

    Engine engine() {
        return engine;
    }

    SteeredLeaseStore steering() {
        return steered;
    }

    @Override
    public void close() {
        engine.close();
        steered.close();
        store.close();
    }
}

package io.tandem.core;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.ReceivingLink;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An engine on a real MapDB store file, with a clock the test moves, serving the subnets it is given. Its commits
 * pass through a {@link SteeredLeaseStore} the test can slow down, hold back or fail. Can be restarted on the same
 * file, cleanly or as after a crash.
 */
final class EngineFixture implements AutoCloseable {

    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.1");
    static final ReceivingLink LINK = new ReceivingLink("eth-test", SERVER);

    /** Where the fixture's clock starts. */
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    final MutableClock clock = new MutableClock(START);
    final TrafficCounters statistics = new TrafficCounters();
    final TestFailover failover = new TestFailover();
    private final Path file;
    private final List<Map<String, Object>> subnets;
    private final EngineSettings settings;
    private MapDbLeaseStore store;
    private SteeredLeaseStore steered;
    private Engine engine;

    EngineFixture(Path directory, List<Map<String, Object>> subnets) throws Exception {
        this(directory, subnets, new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600), 2));
    }

    EngineFixture(Path directory, List<Map<String, Object>> subnets, EngineSettings settings) throws Exception {
        this.file = directory.resolve("leases.db");
        this.subnets = subnets;
        this.settings = settings;
        start();
    }

    static Map<String, Object> demoSubnet() {
        return Map.of("service.pid", "io.tandem.subnet~demo", "subnet", "192.0.2.0/24",
                "pools", "192.0.2.100-192.0.2.199", "routers", "192.0.2.1", "dnsServers", "192.0.2.53",
                "domainName", "demo.example", "leaseTime", "3600");
    }

    private void start() throws Exception {
        store = new MapDbLeaseStore(file, VolumeKind.MMAP, 4096);
        steered = new SteeredLeaseStore(store);
        engine = new Engine(steered, statistics, clock, settings, () -> Optional.of(new TestPolicy()),
                () -> Optional.of(failover),
                Duration.ZERO);
        List<SubnetSettings> parsed = new ArrayList<>();
        for (Map<String, Object> properties : subnets) {
            parsed.add(SubnetSettingsParser.parse(String.valueOf(properties.get("service.pid")), properties));
        }
        engine.serve(parsed);
    }

    /**
     * Makes this server {@code role} of a pair in NORMAL with its peer NORMAL, the primary answering hash buckets
     * 0-127 and the secondary the rest, MCLT 60 s.
     */
    void normalPair(FailoverRole role, int loadBalanceMaxSeconds, int maxLeaseOwnership) {
        HashBuckets primarys = HashBuckets.split(128);
        failover.view(new FailoverView(role, FailoverState.NORMAL, clock.instant(), FailoverState.NORMAL,
                Duration.ofSeconds(60), role == FailoverRole.PRIMARY ? primarys : primarys.inverted(),
                loadBalanceMaxSeconds, FailoverView.ISC_MAX_LEASE_MISBALANCE, maxLeaseOwnership));
    }

    /** Never-used BACKUP leases of 192.0.2.{@code first} up to, not including, 192.0.2.{@code end}. */
    static List<Lease> backup(int first, int end) {
        List<Lease> leases = new ArrayList<>();
        for (int last = first; last < end; last++) {
            leases.add(Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.BACKUP).build());
        }
        return leases;
    }

    /** Stores {@code leases} as they are and restarts, so that the indexes are built from them. */
    void stageAndRestart(List<Lease> leases) throws Exception {
        if (!leases.isEmpty()) {
            store.commit(leases).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        restart();
    }

    /** Stops the engine and the store as a shutdown would, and starts both again on the same file. */
    void restart() throws Exception {
        engine.close();
        steered.close();
        store.close();
        start();
    }

    /**
     * Kills the engine as a crash would: the commits that have not reached the store are lost and none completes,
     * the engine is dropped without closing it, and a new one opens the same file. What the store had been handed
     * is written when it closes, as if it had reached the disk just before the crash.
     */
    void crashAndRestart() throws Exception {
        steered.crash();
        store.close();
        Engine dead = engine;
        start();
        // Only to free its threads, once the new engine serves: none of its commits can complete any more.
        dead.close();
    }

    Engine engine() {
        return engine;
    }

    MapDbLeaseStore store() {
        return store;
    }

    /** The store in front of {@link #store()} that the engine commits through. */
    SteeredLeaseStore steering() {
        return steered;
    }

    Administration administration() {
        return new Administration(engine, List::of, List::of);
    }

    /** Sends {@code request} as received on {@link #LINK} and waits for the outcome. */
    Optional<DhcpMessage> send(DhcpMessage request) throws Exception {
        return send(request, LINK);
    }

    Optional<DhcpMessage> send(DhcpMessage request, ReceivingLink link) throws Exception {
        return engine.handle(request, link).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Moves the clock and runs the sweep as its timer would, waiting until what it ended is durable. */
    void advanceAndSweep(Duration by) throws Exception {
        clock.advance(by);
        engine.sweep().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        engine.close();
        steered.close();
        store.close();
    }
}

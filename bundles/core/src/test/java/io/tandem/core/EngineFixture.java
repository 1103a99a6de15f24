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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A standalone engine on a real MapDB store file ({@link FileBackedEngine}), with a clock the test moves and a
 * failover view it sets, serving the subnets it is given. Its commits pass through a {@link SteeredLeaseStore} the
 * test can slow down, hold back or fail. Can be restarted on the same file, cleanly or as after a crash.
 */
final class EngineFixture implements AutoCloseable {

    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.1");
    static final ReceivingLink LINK = new ReceivingLink("eth-test", SERVER);

    /** Where the fixture's clock starts. */
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    final MutableClock clock = new MutableClock(START);
    final TrafficCounters statistics = new TrafficCounters();
    final TestFailover failover = new TestFailover();
    private final FileBackedEngine server;

    EngineFixture(Path directory, List<Map<String, Object>> subnets) throws Exception {
        this(directory, subnets, FileBackedEngine.DEFAULT_SETTINGS);
    }

    EngineFixture(Path directory, List<Map<String, Object>> subnets, EngineSettings settings) throws Exception {
        server = new FileBackedEngine(directory, subnets, settings, clock, statistics, () -> Optional.of(failover));
    }

    static Map<String, Object> demoSubnet() {
        return Map.of("service.pid", "io.tandem.subnet~demo", "subnet", "192.0.2.0/24",
                "pools", "192.0.2.100-192.0.2.199", "routers", "192.0.2.1", "dnsServers", "192.0.2.53",
                "domainName", "demo.example", "leaseTime", "3600");
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
            store().commit(leases).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        restart();
    }

    /**
     * Waits for the pool balancing a restart in NORMAL starts (a pool served in NORMAL is balanced then) by running
     * one more, which starts after it and finds nothing left to move.
     */
    void awaitBalancing() throws Exception {
        engine().balancePools().get(10, TimeUnit.SECONDS);
    }

    /** Stops the engine and the store as a shutdown would, and starts both again on the same file. */
    void restart() throws Exception {
        server.restart();
    }

    /** See {@link FileBackedEngine#crashAndRestart}. */
    void crashAndRestart() throws Exception {
        server.crashAndRestart();
    }

    Engine engine() {
        return server.engine();
    }

    MapDbLeaseStore store() {
        return server.store();
    }

    /** The store in front of {@link #store()} that the engine commits through. */
    SteeredLeaseStore steering() {
        return server.steering();
    }

    /** The policies the engine chooses from: core's test policy to begin with. */
    InstalledPolicies policies() {
        return server.policies;
    }

    /** The administration, keeping an operator's choice of policy in {@code keptChoices}. */
    Administration administration(List<Optional<String>> keptChoices) {
        return new Administration(server.engine(), List::of, List::of, server.policies, keptChoices::add);
    }

    Administration administration() {
        return administration(new ArrayList<>());
    }

    /** Sends {@code request} as received on {@link #LINK} and waits for the outcome. */
    Optional<DhcpMessage> send(DhcpMessage request) throws Exception {
        return send(request, LINK);
    }

    Optional<DhcpMessage> send(DhcpMessage request, ReceivingLink link) throws Exception {
        return server.engine().handle(request, link).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Moves the clock and runs the sweep as its timer would, waiting until what it ended is durable. */
    void advanceAndSweep(Duration by) throws Exception {
        clock.advance(by);
        server.engine().sweep().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close();
    }
}

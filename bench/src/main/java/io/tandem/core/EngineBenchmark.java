package io.tandem.core;

import io.tandem.api.ReceivingLink;
import io.tandem.api.model.Lease;
import io.tandem.policy.affinity.AffinityPolicy;
import io.tandem.policy.stablehash.StableHashPolicy;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full DORA exchanges per second through the engine alone (no sockets): each operation is a DISCOVER and a REQUEST
 * from one of {@code clients} simulated clients, as perfdhcp sends them, the ACK durable in a real store. Lives in
 * core's package because the engine is not public API. Run with {@code -t 64} to give group commit company.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class EngineBenchmark {

    private static final Ipv4Address SERVER = Ipv4Address.parse("10.77.0.1");
    private static final ReceivingLink LINK = new ReceivingLink("bench0", SERVER);
    private static final Ipv4Address RELAY = Ipv4Address.parse("10.77.255.254");
    private static final Ipv4Address POOL_FIRST = Ipv4Address.parse("10.77.1.0");
    private static final Ipv4Address POOL_LAST = Ipv4Address.parse("10.77.250.255");

    /** Where the store files go; keep it on the disk under test. */
    @Param("/work/tmp/engine-bench")
    public String directory;

    @Param("60000")
    public int clients;

    /** The allocation policy: one of the two shipped, or none installed (core's longest-free fallback). */
    @Param({"affinity", "stable-hash", "none"})
    public String policy;

    /**
     * What the store holds at the start: nothing ({@code new}), or a FREE lease of every pool address, freed at
     * scattered times over the past day, as on a server that has served a while ({@code served}). On an empty store
     * new leases are inserts, placed where the policy puts them; on a served one every binding updates a lease.
     */
    @Param({"new", "served"})
    public String history;

    /**
     * The MAC addresses of new clients: counted up, as perfdhcp and this benchmark's first version make them (an
     * address freed in arrival order then frees its client in order too), or random, as on a real network.
     */
    @Param({"sequential", "random"})
    public String macs;

    private final AtomicInteger newClients = new AtomicInteger();

    private Path dir;
    private MapDbLeaseStore store;
    private Engine engine;
    private final TrafficCounters statistics = new TrafficCounters();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createDirectories(Path.of(directory)).resolve("run-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        store = new MapDbLeaseStore(dir.resolve("leases.db"), VolumeKind.MMAP, 4096);
        if (history.equals("served")) {
            freeEveryPoolAddress();
        }
        engine = new Engine(store, statistics, Clock.systemUTC(),
                new EngineSettings(Duration.ofSeconds(30), Duration.ofDays(1), Runtime.getRuntime().availableProcessors()),
                policies(), Optional::empty, Duration.ofSeconds(1));
        engine.serve(List.of(SubnetSettingsParser.parse("bench", Map.of("subnet", "10.77.0.0/16",
                "pools", POOL_FIRST + "-" + POOL_LAST, "routers", "10.77.0.1", "leaseTime", "3600"))));
    }

    private void freeEveryPoolAddress() throws Exception {
        Instant now = Instant.now();
        Random random = new Random(1);
        List<Lease> leases = new ArrayList<>();
        for (Ipv4Address address = POOL_FIRST; address.compareTo(POOL_LAST) <= 0; address = address.next()) {
            leases.add(Lease.builder(address).end(now.minusSeconds(1 + random.nextInt(86_400))).build());
            if (leases.size() == 4096) {
                store.commit(leases).toCompletableFuture().get();
                leases = new ArrayList<>();
            }
        }
        store.commit(leases).toCompletableFuture().get();
    }

    private InstalledPolicies policies() {
        return switch (policy) {
            case "affinity" -> InstalledPolicies.of(new AffinityPolicy());
            case "stable-hash" -> InstalledPolicies.of(new StableHashPolicy());
            case "none" -> InstalledPolicies.of();
            default -> throw new IllegalArgumentException("policy " + policy);
        };
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        engine.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** A DORA of one of {@code clients} clients: after the first round most hold a lease and ask no policy. */
    @Benchmark
    public DhcpMessage dora() throws Exception {
        return dora(ThreadLocalRandom.current().nextInt(clients));
    }

    /**
     * A DORA of a client never seen before, which then releases its address: every operation asks the policy, as
     * perfdhcp's does, and the pool never runs out.
     */
    @Benchmark
    public DhcpMessage newClientDoraRelease() throws Exception {
        DhcpMessage ack = dora(macs.equals("random") ? ThreadLocalRandom.current().nextInt()
                : clients + newClients.incrementAndGet());
        engine.handle(DhcpMessage.builder().xid(ack.xid() + 1).chaddr(ack.chaddr()).giaddr(RELAY)
                .ciaddr(ack.yiaddr()).messageType(MessageType.RELEASE).serverIdentifier(SERVER).build(), LINK)
                .toCompletableFuture().get();
        return ack;
    }

    private DhcpMessage dora(int client) throws Exception {
        HardwareAddress mac = HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0, (byte) (client >>> 24),
                (byte) (client >>> 16), (byte) (client >>> 8), (byte) client});
        DhcpMessage discover = DhcpMessage.builder().xid(client).chaddr(mac).giaddr(RELAY)
                .messageType(MessageType.DISCOVER).build();
        DhcpMessage offer = engine.handle(discover, LINK).toCompletableFuture().get()
                .orElseThrow(() -> new IllegalStateException("no offer: " + statistics.snapshot().dropped()));
        DhcpMessage request = DhcpMessage.builder().xid(client + 1).chaddr(mac).giaddr(RELAY)
                .messageType(MessageType.REQUEST).requestedIpAddress(offer.yiaddr()).serverIdentifier(SERVER).build();
        return engine.handle(request, LINK).toCompletableFuture().get().orElseThrow();
    }
}

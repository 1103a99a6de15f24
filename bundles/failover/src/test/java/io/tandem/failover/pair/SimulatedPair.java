package io.tandem.failover.pair;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.ReceivingLink;
import io.tandem.core.MutableClock;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.config.FailoverSettingsParser;
import io.tandem.failover.link.LinkTimings;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A primary and a secondary on one simulated clock, each reaching the other only through one {@link FaultProxy}:
 * the primary on 127.0.0.12, the secondary on 127.0.0.13 (Linux routes all of 127/8 to lo), each serving the same
 * small subnet to its clients. Short link timers, so that a lost link is found again within tens of milliseconds;
 * a max-response-delay of 1 s, the least the wire's whole seconds allow, so that a blackhole is noticed within one.
 */
final class SimulatedPair implements AutoCloseable {

    static final Duration MCLT = Duration.ofSeconds(300);
    static final int LOAD_BALANCE_MAX_SECONDS = 3;
    static final long LEASE_TIME = 3600;
    /** A /28's worth of addresses, for more clients than one server's half holds. */
    static final String POOL = "192.0.2.100-192.0.2.115";
    /** The servers' addresses on the clients' network: their server identifiers. */
    static final Ipv4Address PRIMARY_ID = Ipv4Address.parse("192.0.2.1");
    static final Ipv4Address SECONDARY_ID = Ipv4Address.parse("192.0.2.2");

    private static final String PRIMARY_HOST = "127.0.0.12";
    private static final String SECONDARY_HOST = "127.0.0.13";
    private static final LinkTimings TIMINGS = new LinkTimings(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofMillis(5));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    final FaultProxy proxy;
    final SimulatedServer primary;
    final SimulatedServer secondary;

    SimulatedPair(Path directory) throws Exception {
        int primaryPort = freePort(PRIMARY_HOST);
        int secondaryPort = freePort(SECONDARY_HOST);
        InetAddress primaryHost = InetAddress.getByName(PRIMARY_HOST);
        InetAddress secondaryHost = InetAddress.getByName(SECONDARY_HOST);
        proxy = new FaultProxy(List.of(
                new FaultProxy.Route(new InetSocketAddress(secondaryHost, 0),
                        new InetSocketAddress(secondaryHost, secondaryPort), primaryHost),
                new FaultProxy.Route(new InetSocketAddress(primaryHost, 0),
                        new InetSocketAddress(primaryHost, primaryPort), secondaryHost)));
        List<Map<String, Object>> subnets = List.of(Map.of("service.pid", "io.tandem.subnet~pair",
                "subnet", "192.0.2.0/24", "pools", POOL, "leaseTime", String.valueOf(LEASE_TIME)));
        primary = new SimulatedServer("primary",
                settings("primary", PRIMARY_HOST, primaryPort, SECONDARY_HOST, proxy.port(0)), TIMINGS,
                Files.createDirectories(directory.resolve("primary")), clock, subnets,
                new ReceivingLink("eth-primary", PRIMARY_ID));
        secondary = new SimulatedServer("secondary",
                settings("secondary", SECONDARY_HOST, secondaryPort, PRIMARY_HOST, proxy.port(1)), TIMINGS,
                Files.createDirectories(directory.resolve("secondary")), clock, subnets,
                new ReceivingLink("eth-secondary", SECONDARY_ID));
        primary.start();
        secondary.start();
    }

    /** Waits (at most 5 s) until both servers have converged, then sweeps both as their timers would. */
    void awaitConverged() throws Exception {
        await("both NORMAL with nothing unacknowledged", () -> servers().stream().allMatch(SimulatedServer::converged));
        for (SimulatedServer server : servers()) {
            server.sweep();
        }
    }

    /** Waits (at most 5 s) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 5 s for " + what);
            }
            Thread.sleep(5);
        }
    }

    List<SimulatedServer> servers() {
        return List.of(primary, secondary);
    }

    SimulatedServer other(SimulatedServer server) {
        return server == primary ? secondary : primary;
    }

    private static FailoverSettings settings(String role, String local, int localPort, String peer, int peerPort)
            throws ConfigurationRejectedException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("role", role);
        properties.put("relationshipName", "pair-simulation");
        properties.put("localAddress", local);
        properties.put("localPort", String.valueOf(localPort));
        properties.put("peerAddress", peer);
        properties.put("peerPort", String.valueOf(peerPort));
        properties.put("maxUnackedUpdates", "4");
        properties.put("loadBalanceMaxSeconds", String.valueOf(LOAD_BALANCE_MAX_SECONDS));
        if (role.equals("primary")) {
            properties.put("mclt", String.valueOf(MCLT.toSeconds()));
            properties.put("split", "128");
        }
        FailoverSettings parsed = FailoverSettingsParser.parse(properties);
        // Below the parser's 3 s, which leaves ISC whole seconds between CONTACTs; Tandem's keepalive is exact.
        return new FailoverSettings(parsed.role(), parsed.relationshipName(), parsed.localAddress(),
                parsed.localPort(), parsed.peerAddress(), parsed.peerPort(), parsed.mclt(), parsed.primaryBuckets(),
                parsed.loadBalanceMaxSeconds(), Duration.ofSeconds(1), parsed.maxUnackedUpdates(),
                parsed.autoPartnerDown(), parsed.maxLeaseMisbalance(), parsed.maxLeaseOwnership(),
                parsed.minBalance(), parsed.maxBalance());
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        primary.close();
        secondary.close();
        proxy.close();
    }
}

package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two Tandem distributions as a failover pair, each in its own network namespace, on one LAN (a bridge in a fourth
 * namespace) with a real DHCP client: the pair connects and recovers to NORMAL, the primary gives the secondary
 * half the pool, and a lease the client gets (from whichever server answers first: load balancing is off) reaches
 * the other server and is acknowledged.
 */
public class PairE2EIT {

    private static final String LAN = "tdm-pair-lan";
    private static final String PRIMARY_NS = "tdm-pair-a";
    private static final String SECONDARY_NS = "tdm-pair-b";
    private static final String CLIENT_NS = "tdm-pair-c";
    private static final List<String> NAMESPACES = List.of(LAN, PRIMARY_NS, SECONDARY_NS, CLIENT_NS);
    private static final String PRIMARY_ADDRESS = "192.0.2.1";
    private static final String SECONDARY_ADDRESS = "192.0.2.2";
    private static final Path WORK = Path.of("target/e2e-pair").toAbsolutePath();
    private static final Duration PAIR_WAIT = Duration.ofSeconds(90);

    private static TandemDistribution primary;
    private static TandemDistribution secondary;

    @BeforeClass
    public static void startPair() throws Exception {
        Preconditions.require(Map.of("ip", "iproute2", "ss", "iproute2", "setsid", "util-linux", "udhcpc", "udhcpc",
                "tar", "tar"));
        createLan();
        // A fresh directory: the client's event file of an earlier run would answer for this one.
        Shell.ok("rm", "-rf", WORK.toString());
        Files.createDirectories(WORK);
        primary = new TandemDistribution(DhcpClientsE2EIT.distribution(), WORK.resolve("primary"), PRIMARY_NS,
                etc("tdmp-a0", "primary", PRIMARY_ADDRESS, SECONDARY_ADDRESS));
        secondary = new TandemDistribution(DhcpClientsE2EIT.distribution(), WORK.resolve("secondary"), SECONDARY_NS,
                etc("tdmp-b0", "secondary", SECONDARY_ADDRESS, PRIMARY_ADDRESS));
        primary.start();
        secondary.start();
    }

    @AfterClass
    public static void stopPair() {
        try {
            for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
                if (server != null) {
                    server.kill();
                }
            }
        } finally {
            destroyLan();
        }
    }

    /** Each server's etc/: its interface, the shared subnet, and its side of the relationship. */
    private static Map<String, Map<String, String>> etc(String ifname, String role, String local, String peer) {
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        files.put("io.tandem.server.cfg", Map.of("interfaces", ifname));
        files.put("io.tandem.subnet-lan.cfg", Map.of("subnet", "192.0.2.0/24", "pools", "192.0.2.100-192.0.2.199",
                "routers", PRIMARY_ADDRESS, "leaseTime", "600"));
        Map<String, String> failover = new LinkedHashMap<>();
        failover.put("role", role);
        failover.put("relationshipName", "e2e-pair");
        failover.put("localAddress", local);
        failover.put("peerAddress", peer);
        failover.put("loadBalanceMaxSeconds", "0");
        failover.put("maxResponseDelay", "10");
        if (role.equals("primary")) {
            failover.put("mclt", "60");
            failover.put("split", "128");
        }
        files.put("io.tandem.failover.cfg", failover);
        return files;
    }

    private static void createLan() {
        destroyLan();
        NAMESPACES.forEach(ns -> Shell.ok("ip", "netns", "add", ns));
        NAMESPACES.forEach(ns -> Topology.in(ns, "ip", "link", "set", "lo", "up"));
        Topology.in(LAN, "ip", "link", "add", "tdmp-br", "type", "bridge");
        Topology.in(LAN, "ip", "link", "set", "tdmp-br", "up");
        Map<String, String> hosts = Map.of(PRIMARY_NS, "a", SECONDARY_NS, "b", CLIENT_NS, "c");
        hosts.forEach((ns, letter) -> {
            Shell.ok("ip", "link", "add", "tdmp-" + letter + "p", "netns", LAN, "type", "veth", "peer", "name",
                    "tdmp-" + letter + "0", "netns", ns);
            Topology.in(LAN, "ip", "link", "set", "tdmp-" + letter + "p", "master", "tdmp-br");
            Topology.in(LAN, "ip", "link", "set", "tdmp-" + letter + "p", "up");
            Topology.in(ns, "ip", "link", "set", "tdmp-" + letter + "0", "up");
        });
        Topology.in(PRIMARY_NS, "ip", "addr", "add", PRIMARY_ADDRESS + "/24", "dev", "tdmp-a0");
        Topology.in(SECONDARY_NS, "ip", "addr", "add", SECONDARY_ADDRESS + "/24", "dev", "tdmp-b0");
    }

    private static void destroyLan() {
        for (String ns : NAMESPACES) {
            if (Topology.exists(ns)) {
                for (String pid : Shell.run(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
                    if (!pid.isBlank()) {
                        Shell.quietly("kill", "-KILL", pid.trim());
                    }
                }
                Shell.quietly("ip", "netns", "delete", ns);
            }
        }
    }

    private static void awaitFailover(TandemDistribution server, String name, String... lines) {
        Eventually.awaitTrue(name + " to show " + String.join(", ", lines), PAIR_WAIT, () -> {
            String status = server.console("dhcp:failover");
            for (String line : lines) {
                if (!status.contains(line)) {
                    return false;
                }
            }
            return true;
        }, () -> server.console("dhcp:failover") + "\n" + server.logTail());
    }

    /** What each server says of the pair and of the address, for a failure message. */
    private static String bothViews() {
        StringBuilder views = new StringBuilder();
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            views.append("--- ").append(server.name()).append('\n').append(server.console("dhcp:failover"))
                    .append(server.console("dhcp:leases --state ACTIVE")).append(server.logTail()).append('\n');
        }
        return views.toString();
    }

    /** The cells of the pools table row of the pair's subnet in {@code dhcp:failover}. */
    private static List<String> poolRow(TandemDistribution server) {
        return server.console("dhcp:failover").lines().filter(line -> line.contains("192.0.2.0/24"))
                .map(line -> List.of(line.trim().split("\\s*[|│]\\s*"))).findFirst().orElse(List.of());
    }

    @Test
    public void thePairReachesNormalSplitsThePoolAndALeaseReachesTheOtherServer() throws Exception {
        awaitFailover(primary, "the primary", "state:", "NORMAL since", "link:                   up");
        awaitFailover(secondary, "the secondary", "NORMAL since", "link:                   up");
        Eventually.awaitTrue("the pool split 50/50 on the secondary", PAIR_WAIT,
                () -> poolRow(secondary).equals(List.of("192.0.2.0/24", "100", "50", "50")),
                () -> poolRow(secondary) + "\n" + secondary.logTail());

        try (Udhcpc client = new Udhcpc(CLIENT_NS, "tdmp-c0", Files.createDirectories(WORK.resolve("udhcpc")))) {
            client.start();
            String address = client.events().await(Set.of("bound"), 0, Duration.ofSeconds(60), client::output).ip();

            for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
                Eventually.awaitTrue("both servers to hold the binding of " + address, Duration.ofSeconds(30),
                        () -> server.lease(address).map(lease -> lease.state().equals("ACTIVE")).orElse(false),
                        PairE2EIT::bothViews);
            }
            assertEquals("the same client on both", primary.lease(address).orElseThrow().mac(),
                    secondary.lease(address).orElseThrow().mac());
            awaitFailover(primary, "the primary", "updates unacknowledged: 0 ");
            awaitFailover(secondary, "the secondary", "updates unacknowledged: 0 ");
            assertTrue(secondary.console("dhcp:status").contains("configuration: no problems"));
        }
    }

    @Test
    public void aLeaseMadeWhileTheLinkIsCutReachesThePeerWhenItReturns() throws Exception {
        awaitFailover(primary, "the primary", "NORMAL since", "link:                   up");
        awaitFailover(secondary, "the secondary", "NORMAL since", "link:                   up");
        String backupBefore = poolRow(secondary).get(3);

        // The secondary's only port on the LAN goes down: past max-response-delay both sides are interrupted.
        Topology.in(LAN, "ip", "link", "set", "tdmp-bp", "down");
        try (Udhcpc client = new Udhcpc(CLIENT_NS, "tdmp-c0", Files.createDirectories(WORK.resolve("cut")))) {
            String address;
            try {
                awaitFailover(primary, "the primary", "COMMUNICATIONS_INTERRUPTED since", "link:                   down");
                client.start();
                address = client.events().await(Set.of("bound"), 0, Duration.ofSeconds(60), client::output).ip();
                assertTrue("the secondary cannot know yet", secondary.lease(address)
                        .map(lease -> !lease.state().equals("ACTIVE")).orElse(true));
            } finally {
                Topology.in(LAN, "ip", "link", "set", "tdmp-bp", "up");
            }

            awaitFailover(primary, "the primary", "NORMAL since", "link:                   up");
            Eventually.awaitTrue("the lease made during the cut to reach the secondary", PAIR_WAIT,
                    () -> secondary.lease(address).map(lease -> lease.state().equals("ACTIVE")).orElse(false),
                    PairE2EIT::bothViews);
            assertEquals("the same client on both", primary.lease(address).orElseThrow().mac(),
                    secondary.lease(address).orElseThrow().mac());
            assertEquals("balancing again on NORMAL keeps the secondary's share", backupBefore,
                    poolRow(secondary).get(3));
        }
    }
}

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
 * namespace) with a real DHCP client: the pair connects and recovers to NORMAL, and a lease the client gets from
 * the primary reaches the secondary and is acknowledged. Pool balancing is not done yet, so the secondary has no
 * address of its own to give and the primary answers.
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

    @Test
    public void thePairReachesNormalAndALeaseFromThePrimaryReachesTheSecondary() throws Exception {
        awaitFailover(primary, "the primary", "state:", "NORMAL since", "link:                   up");
        awaitFailover(secondary, "the secondary", "NORMAL since", "link:                   up");

        try (Udhcpc client = new Udhcpc(CLIENT_NS, "tdmp-c0", Files.createDirectories(WORK.resolve("udhcpc")))) {
            client.start();
            String address = client.events().await(Set.of("bound"), 0, Duration.ofSeconds(60), client::output).ip();

            assertEquals("bound on the primary", "ACTIVE", primary.lease(address).orElseThrow().state());
            Eventually.awaitTrue("the secondary to hold the binding", Duration.ofSeconds(30),
                    () -> secondary.lease(address).map(lease -> lease.state().equals("ACTIVE")).orElse(false),
                    secondary::logTail);
            assertEquals("the same client on both", primary.lease(address).orElseThrow().mac(),
                    secondary.lease(address).orElseThrow().mac());
            awaitFailover(primary, "the primary", "updates unacknowledged: 0 ");
            assertTrue(secondary.console("dhcp:status").contains("configuration: no problems"));
        }
    }
}

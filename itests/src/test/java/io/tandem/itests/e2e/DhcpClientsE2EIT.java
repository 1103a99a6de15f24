package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Real DHCP clients (ISC dhclient, BusyBox udhcpc, a client behind ISC dhcrelay, and a crafted DECLINE) served by
 * the Tandem distribution running in a network namespace, as a user would run it. The same tests run against
 * ISC dhcpd with {@code -De2e.server=isc}, which proves the harness against a known-good server.
 *
 * <p>One server serves every test; each test is a client the server has never seen (its own MAC address), so
 * the tests do not depend on each other or on their order. They need root and the client tools, and fail
 * (never skip) without them.
 */
public class DhcpClientsE2EIT {

    private static final Path WORK = Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath();
    private static final Duration LEASE_WAIT = Duration.ofSeconds(40);
    /** T1 is 10 s; a renewal comes within T1 plus dhclient's jitter. */
    private static final Duration RENEW_WAIT = Duration.ofSeconds(TestSubnets.RENEWAL_SECONDS + 20);
    private static final Duration SERVER_VIEW_WAIT = Duration.ofSeconds(10);

    private static DhcpServerUnderTest server;

    @Rule
    public final TestName testName = new TestName();

    @Rule
    public final TestWatcher serverLogOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (server != null) {
                System.err.println(description.getMethodName() + " failed; " + server.name() + " log:\n"
                        + server.logTail());
            }
        }
    };

    @BeforeClass
    public static void startServer() throws IOException {
        String which = System.getProperty("e2e.server", "tandem");
        var tools = Preconditions.clientTools();
        if (which.equals("isc")) {
            tools.put("dhcpd", "isc-dhcp-server");
        }
        Preconditions.require(tools);
        Files.createDirectories(WORK);
        Topology.create();
        server = switch (which) {
            case "isc" -> new IscDhcpd(WORK.resolve("dhcpd"));
            case "tandem" -> new TandemDistribution(distribution(), WORK.resolve("tandem"));
            default -> throw new AssertionError("e2e.server must be tandem or isc, not " + which);
        };
        server.start();
    }

    @AfterClass
    public static void stopServer() {
        try {
            if (server != null) {
                server.kill();
            }
        } finally {
            Topology.destroy();
        }
    }

    /** The distribution archive under test: -De2e.distribution, else the one the reactor built. */
    static Path distribution() throws IOException {
        String configured = System.getProperty("e2e.distribution");
        if (configured != null) {
            return Path.of(configured);
        }
        Path target = Path.of("../distribution/target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().matches("tandem-.*\\.tar\\.gz")).findFirst()
                    .orElse(target.resolve("tandem-VERSION.tar.gz"));
        }
    }

    @Test
    public void dhclientAcquiresRenewsReleasesAndGetsTheSameAddressBack() {
        String mac = "02:e2:e0:00:0a:01";
        Topology.freshClientInterface(Topology.CLIENT_IF, mac);
        try (Dhclient client = new Dhclient(Topology.CLIENT_NS, Topology.CLIENT_IF, clientDirectory())) {
            client.start();
            String address = client.events().await(Set.of("BOUND"), 0, LEASE_WAIT, client::output).ip();
            assertInPool(address, Topology.DIRECT_POOL_FIRST, Topology.DIRECT_POOL_LAST);
            assertInterfaceHas(Topology.CLIENT_IF, address + "/24");
            assertServerShows(address, "ACTIVE", mac);

            int seen = client.events().count();
            ClientEvents.Event renewed = client.events().await(Set.of("RENEW"), seen, RENEW_WAIT, client::output);
            assertEquals("address after the renewal", address, renewed.ip());
            assertInterfaceHas(Topology.CLIENT_IF, address + "/24");
            assertServerShows(address, "ACTIVE", mac);

            client.release();
            assertServerShows(address, server.releasedState(), mac);
            assertEquals("addresses on " + Topology.CLIENT_IF + " after the release", List.of(),
                    Topology.clientAddresses(Topology.CLIENT_IF));

            // A plain DISCOVER without the old address in it: the server itself must remember the client.
            client.forgetLease();
            seen = client.events().count();
            client.start();
            String again = client.events().await(Set.of("BOUND"), seen, LEASE_WAIT, client::output).ip();
            assertEquals("address a released client gets back", address, again);
            assertServerShows(address, "ACTIVE", mac);
        }
    }

    @Test
    public void theOperatorConsoleExitsWithAnErrorForARefusedCommandAndFindsJavaByItself() {
        Assume.assumeTrue("the console is Tandem's: with -De2e.server=isc these tests prove the harness only",
                server instanceof TandemDistribution);
        TandemDistribution tandem = (TandemDistribution) server;

        Shell.Result refused = tandem.operatorConsole("dhcp:release 192.0.2.250");
        assertNotEquals("exit status of dhcp:release without a lease:\n" + refused.output(), 0, refused.exitCode());
        assertTrue(refused.output(), refused.output().contains("no active lease at 192.0.2.250"));

        Shell.Result status = tandem.operatorConsole("dhcp:status");
        assertEquals(status.output(), 0, status.exitCode());
        assertFalse(status.output(), status.output().contains("JAVA_HOME not set"));
        assertTrue(status.output(), status.output().contains("subnets served: 2"));
    }

    @Test
    public void udhcpcAcquiresRenewsReleasesAndGetsTheSameAddressBack() {
        String mac = "02:e2:e0:00:0b:01";
        Topology.freshClientInterface(Topology.CLIENT_IF, mac);
        try (Udhcpc client = new Udhcpc(Topology.CLIENT_NS, Topology.CLIENT_IF, clientDirectory())) {
            client.start();
            String address = client.events().await(Set.of("bound"), 0, LEASE_WAIT, client::output).ip();
            assertInPool(address, Topology.DIRECT_POOL_FIRST, Topology.DIRECT_POOL_LAST);
            assertInterfaceHas(Topology.CLIENT_IF, address + "/24");
            assertServerShows(address, "ACTIVE", mac);

            int seen = client.events().count();
            client.renew();
            ClientEvents.Event renewed = client.events().await(Set.of("renew", "bound"), seen, RENEW_WAIT,
                    client::output);
            assertEquals("address after the renewal", address, renewed.ip());
            assertServerShows(address, "ACTIVE", mac);

            client.releaseAndExit();
            assertServerShows(address, server.releasedState(), mac);
            assertEquals("addresses on " + Topology.CLIENT_IF + " after the release", List.of(),
                    Topology.clientAddresses(Topology.CLIENT_IF));

            seen = client.events().count();
            client.start();
            String again = client.events().await(Set.of("bound"), seen, LEASE_WAIT, client::output).ip();
            assertEquals("address a released client gets back", address, again);
            assertServerShows(address, "ACTIVE", mac);
        }
    }

    @Test
    public void clientBehindDhcrelayGetsAnAddressOfTheRelayedSubnet() {
        String mac = "02:e2:e0:00:0c:01";
        Topology.freshClientInterface(Topology.RELAYED_CLIENT_IF, mac);
        try (Dhcrelay relay = new Dhcrelay(relayDirectory());
             Dhclient client = new Dhclient(Topology.CLIENT_NS, Topology.RELAYED_CLIENT_IF, clientDirectory())) {
            client.start();
            String address = client.events().await(Set.of("BOUND"), 0, LEASE_WAIT,
                    () -> client.output() + "\n" + relay.output()).ip();
            assertInPool(address, Topology.RELAYED_POOL_FIRST, Topology.RELAYED_POOL_LAST);
            assertInterfaceHas(Topology.RELAYED_CLIENT_IF, address + "/24");
            LeaseView lease = assertServerShows(address, "ACTIVE", mac);
            // dhcrelay -a adds option 82 with circuit-id = the interface the client is on.
            String circuitId = subOption(1, Topology.RELAY_DOWNSTREAM_IF);
            assertTrue("the lease records the relay's option 82 with circuit-id " + circuitId + ": " + lease,
                    lease.relayAgentInfo().contains(circuitId));
        }
    }

    @Test
    public void relayAgentInformationIsEchoedToTheRelay() {
        CraftedDhcp probe = new CraftedDhcp(clientDirectory());
        List<String> out = probe.run(Topology.RELAY_NS, "relay", Topology.RELAY_UPSTREAM_IF, Topology.RELAY_ADDRESS,
                Topology.SERVER_ADDRESS, "02:e2:e0:00:0c:02", "e2e-circuit-7", "e2e-remote");
        String offer = out.stream().filter(line -> line.startsWith("OFFER ")).findFirst()
                .orElseThrow(() -> new AssertionError("no OFFER from the probe: " + out));
        String yiaddr = field(offer, "yiaddr");
        assertInPool(yiaddr, Topology.RELAYED_POOL_FIRST, Topology.RELAYED_POOL_LAST);
        assertEquals("option 82 in the OFFER, byte for byte as the relay sent it: " + offer, field(offer, "sent"),
                field(offer, "option82"));
        assertEquals("the OFFER goes to the relay's server port", Topology.SERVER_ADDRESS + ":67",
                field(offer, "from"));
    }

    @Test
    public void declinedAddressIsAbandonedAndTheClientGetsAnother() {
        CraftedDhcp probe = new CraftedDhcp(clientDirectory());
        String mac = "02:e2:e0:00:0d:01";
        List<String> out = probe.run(Topology.CLIENT_NS, "decline", Topology.CLIENT_IF, mac);
        List<String> acked = out.stream().filter(line -> line.startsWith("ACK ")).map(l -> l.substring(4)).toList();
        assertEquals("two acknowledged leases in " + out, 2, acked.size());
        assertTrue("the probe declined the first: " + out, out.contains("DECLINED " + acked.get(0)));
        String declined = acked.get(0);
        String next = acked.get(1);
        assertInPool(next, Topology.DIRECT_POOL_FIRST, Topology.DIRECT_POOL_LAST);
        assertNotEquals("the address given after a DECLINE", declined, next);
        assertServerShowsState(declined, "ABANDONED");
        assertServerShows(next, "ACTIVE", mac);
    }

    @Test
    public void leasesSurviveAServerRestartAndTheClientRenewsTheSameAddress() {
        restartKeepsTheLeases("02:e2:e0:00:0e:01", server::stop);
    }

    /** Durable before acknowledged (invariant 3): a server killed outright comes back with every lease it ACKed. */
    @Test
    public void leasesSurviveAServerKilledWithSigkill() {
        restartKeepsTheLeases("02:e2:e0:00:0e:02", server::crash);
    }

    private void restartKeepsTheLeases(String mac, Runnable stopServer) {
        Topology.freshClientInterface(Topology.CLIENT_IF, mac);
        try (Udhcpc client = new Udhcpc(Topology.CLIENT_NS, Topology.CLIENT_IF, clientDirectory())) {
            client.start();
            String address = client.events().await(Set.of("bound"), 0, LEASE_WAIT, client::output).ip();
            assertServerShows(address, "ACTIVE", mac);
            Set<String> activeBefore = active(server.leases());
            assertTrue("the lease list before the restart shows the client's lease: " + activeBefore,
                    activeBefore.contains(address + " " + mac));

            stopServer.run();
            server.start();

            Set<String> activeAfter = active(server.leases());
            assertTrue("every lease ACTIVE before the restart is ACTIVE after it; before " + activeBefore
                    + ", after " + activeAfter, activeAfter.containsAll(activeBefore));
            int seen = client.events().count();
            client.renew();
            ClientEvents.Event renewed = client.events().await(Set.of("renew", "bound"), seen, RENEW_WAIT,
                    client::output);
            assertEquals("address renewed after the restart", address, renewed.ip());
            assertInterfaceHas(Topology.CLIENT_IF, address + "/24");
            assertServerShows(address, "ACTIVE", mac);
        }
    }

    private static Set<String> active(List<LeaseView> leases) {
        return leases.stream().filter(l -> l.state().equals("ACTIVE")).map(l -> l.address() + " " + l.mac())
                .collect(Collectors.toSet());
    }

    /** A fresh directory for this test's client files. */
    private Path clientDirectory() {
        Path directory = WORK.resolve("clients").resolve(testName.getMethodName());
        Shell.ok("rm", "-rf", directory.toString());
        Shell.ok("mkdir", "-p", directory.toString());
        return directory;
    }

    private Path relayDirectory() {
        Path directory = WORK.resolve("relay").resolve(testName.getMethodName());
        Shell.ok("mkdir", "-p", directory.toString());
        return directory;
    }

    /** Waits until the server shows the lease of {@code address} in {@code state} for {@code mac}. */
    private static LeaseView assertServerShows(String address, String state, String mac) {
        return Eventually.await(server.name() + " to show " + address + " " + state + " for " + mac,
                SERVER_VIEW_WAIT, () -> server.lease(address)
                        .filter(l -> l.state().equals(state) && l.mac().equalsIgnoreCase(mac)),
                () -> "it shows: " + server.lease(address) + "\n" + server.logTail());
    }

    private static void assertServerShowsState(String address, String state) {
        Eventually.await(server.name() + " to show " + address + " " + state, SERVER_VIEW_WAIT,
                () -> server.lease(address).filter(l -> l.state().equals(state)),
                () -> "it shows: " + server.lease(address) + "\n" + server.logTail());
    }

    private static void assertInterfaceHas(String ifname, String cidr) {
        List<String> addresses = Topology.clientAddresses(ifname);
        assertEquals("ip -n " + Topology.CLIENT_NS + " -4 addr show dev " + ifname, List.of(cidr), addresses);
    }

    private static void assertInPool(String address, String first, String last) {
        long value = toLong(address);
        assertTrue(address + " is in the pool " + first + "-" + last,
                value >= toLong(first) && value <= toLong(last));
    }

    private static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = value * 256 + Integer.parseInt(part);
        }
        return value;
    }

    /** A sub-option of option 82 (code, length, ASCII value) as colon-separated hex, as the servers show it. */
    private static String subOption(int code, String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sub = new byte[bytes.length + 2];
        sub[0] = (byte) code;
        sub[1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, sub, 2, bytes.length);
        return HexFormat.ofDelimiter(":").formatHex(sub);
    }

    private static String field(String line, String name) {
        return Optional.of(line.replaceAll(".*\\b" + name + "=(\\S+).*", "$1"))
                .filter(value -> !value.equals(line))
                .orElseThrow(() -> new AssertionError("no " + name + "= in: " + line));
    }
}

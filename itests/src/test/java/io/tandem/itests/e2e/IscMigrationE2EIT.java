package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.After;
import org.junit.Test;

/**
 * The migration rehearsal: exactly what the README's migration guide tells an operator, on a real ISC dhcpd 4.4
 * pair serving real clients (udhcpc, each in a namespace of its own). The ISC secondary is stopped, a Tandem takes
 * its configuration and lease file with {@code dhcp:import-isc} and joins the ISC primary in NORMAL without
 * re-learning every lease; then the same for the primary. The clients renew throughout and never see another
 * address, and each step ends with the pair audit.
 */
public class IscMigrationE2EIT {

    private static final String PRIMARY = IscTandemPair.PRIMARY_ADDRESS;
    private static final String SECONDARY = IscTandemPair.SECONDARY_ADDRESS;
    private static final int CLIENTS = 3;
    /** Leases of a minute: the clients renew every 30 s, through every step. */
    private static final int LEASE_SECONDS = 60;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NORMAL = "state:                  NORMAL since";
    private static final String PEER_NORMAL = "peer state:             NORMAL";

    private final Path work = Path.of("target/e2e-tdmg").toAbsolutePath();
    private final PairLan lan = new PairLan("tdmg", PRIMARY + "/21", SECONDARY + "/21", CLIENTS);
    private final PairSettings settings = new PairSettings("isc-pair", IscTandemPair.SUBNET, IscTandemPair.POOL,
            PRIMARY, LEASE_SECONDS, 3, 10, LEASE_SECONDS);
    private final List<Udhcpc> clients = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private IscFailoverPeer iscPrimary;
    private IscFailoverPeer iscSecondary;
    private TandemDistribution tandemPrimary;
    private TandemDistribution tandemSecondary;
    private int audits;

    @After
    public void stop() {
        clients.forEach(Udhcpc::close);
        for (TandemDistribution tandem : new TandemDistribution[] {tandemPrimary, tandemSecondary}) {
            if (tandem != null) {
                tandem.kill();
            }
        }
        for (IscFailoverPeer isc : new IscFailoverPeer[] {iscPrimary, iscSecondary}) {
            if (isc != null) {
                isc.kill();
            }
        }
        lan.close();
    }

    @Test
    public void anIscPairIsReplacedOneServerAtATimeWhileItsClientsKeepTheirAddresses() throws IOException {
        Preconditions.require(Map.of("dhcpd", "isc-dhcp-server", "udhcpc", "udhcpc", "ip", "iproute2"));
        lan.create();
        Shell.ok("rm", "-rf", work.toString());
        Files.createDirectories(work);
        iscPrimary = new IscFailoverPeer(work.resolve("isc-primary"), lan.primaryNamespace(), lan.primaryInterface(),
                settings.relationship(), settings.iscConfig("primary", PRIMARY, SECONDARY));
        iscSecondary = new IscFailoverPeer(work.resolve("isc-secondary"), lan.secondaryNamespace(),
                lan.secondaryInterface(), settings.relationship(), settings.iscConfig("secondary", SECONDARY, PRIMARY));
        iscPrimary.start();
        iscSecondary.start();
        awaitIscNormal(iscPrimary);
        awaitIscNormal(iscSecondary);
        startClients();

        // The secondary first: stopped, replaced by a Tandem that imports its files, and back in NORMAL.
        iscSecondary.stop();
        tandemSecondary = importedTandem("tandem-secondary", lan.secondaryNamespace(), lan.secondaryInterface(),
                iscSecondary, false);
        tandemSecondary.awaitFailover(WAIT, this::views, NORMAL, PEER_NORMAL, TandemPair.LINK_UP,
                TandemPair.CONVERGED);
        awaitIscNormal(iscPrimary);
        assertNoRecover(tandemSecondary);
        clientsRenew();
        RepeatedAudit.assertClean(() -> awaitIscNormal(iscPrimary),
                () -> tandemSecondary.auditAgainst(iscPrimary.leaseFileSnapshot(work.resolve("audit-" + ++audits))),
                this::views);

        // Then the primary: the pair ends as two Tandems.
        iscPrimary.stop();
        tandemPrimary = importedTandem("tandem-primary", lan.primaryNamespace(), lan.primaryInterface(), iscPrimary,
                true);
        for (TandemDistribution tandem : new TandemDistribution[] {tandemPrimary, tandemSecondary}) {
            tandem.awaitFailover(WAIT, this::views, NORMAL, PEER_NORMAL, TandemPair.LINK_UP, TandemPair.CONVERGED);
        }
        assertNoRecover(tandemPrimary);
        Shell.Result again = Shell.run(Shell.inNamespace(lan.primaryNamespace(), List.of(
                tandemPrimary.home().resolve("bin/tandem-import").toString(), "--leases",
                iscPrimary.leaseFile().toString(), iscPrimary.configFile().toString())), "", Duration.ofSeconds(60));
        assertFalse("a second import is refused, with a non-zero exit status:\n" + again.output(), again.succeeded());
        assertTrue(again.output(), again.output().contains("the lease store already holds"));
        clientsRenew();
        RepeatedAudit.assertClean(() -> { }, () -> TandemPair.auditBothWays(tandemPrimary, tandemSecondary, work,
                ++audits), this::views);
        for (String address : addresses) {
            for (TandemDistribution tandem : new TandemDistribution[] {tandemPrimary, tandemSecondary}) {
                assertEquals(address + " on " + tandem.name(), Optional.of("ACTIVE"),
                        tandem.lease(address).map(LeaseView::state));
            }
        }
    }

    private void awaitIscNormal(IscFailoverPeer isc) {
        Eventually.awaitTrue(isc.name() + " to be normal with its peer normal", WAIT,
                () -> isc.state().equals(Optional.of("normal")) && isc.peerState().equals(Optional.of("normal")),
                this::views);
    }

    /**
     * Starts each client, of the primary's buckets and of the secondary's in turn, and waits until both ISC servers
     * hold its lease ACTIVE.
     */
    private void startClients() {
        for (int n = 0; n < CLIENTS; n++) {
            String server = n % 2 == 0 ? PRIMARY : SECONDARY;
            Topology.freshClientInterface(lan.clientNamespace(n), lan.clientInterface(n),
                    IscInteropScenarios.macWithClientIdAnsweredBy(server, 0x100 * (n + 1)));
            Udhcpc client = new Udhcpc(lan.clientNamespace(n), lan.clientInterface(n), directory("client-" + n));
            clients.add(client);
            client.start();
            addresses.add(client.events().await(Set.of("bound"), 0, WAIT, client::output).ip());
        }
        for (IscFailoverPeer isc : new IscFailoverPeer[] {iscPrimary, iscSecondary}) {
            Eventually.awaitTrue(isc.name() + " to hold every client's lease ACTIVE", WAIT,
                    () -> addresses.stream().allMatch(address -> isc.lease(address).map(LeaseView::state)
                            .equals(Optional.of("ACTIVE"))), this::views);
        }
    }

    /**
     * The operator's steps on the stopped ISC server's machine: a Tandem unpacked, told its interface, started,
     * and given the ISC server's files, from the console ({@code dhcp:import-isc}) or from the system shell
     * ({@code bin/tandem-import}, with a relative path as an operator in /etc/dhcp would give it).
     */
    private TandemDistribution importedTandem(String name, String namespace, String ifname, IscFailoverPeer isc,
            boolean fromSystemShell) {
        TandemDistribution tandem = new TandemDistribution(distribution(), work.resolve(name), namespace,
                Map.of("io.tandem.server.cfg", Map.of("interfaces", ifname)));
        tandem.start();
        String report;
        if (fromSystemShell) {
            Shell.Result result = Shell.run(Shell.inNamespace(namespace, List.of("sh", "-c", "cd "
                    + isc.configFile().getParent() + " && " + tandem.home().resolve("bin/tandem-import") + " --leases "
                    + isc.leaseFile() + " " + isc.configFile().getFileName())), "", Duration.ofSeconds(60));
            assertTrue("bin/tandem-import succeeded:\n" + result.output(), result.succeeded());
            report = result.output();
        } else {
            report = tandem.console("dhcp:import-isc --leases " + isc.leaseFile() + " " + isc.configFile());
        }
        assertTrue("the import wrote the failover file first:\n" + report,
                report.indexOf("io.tandem.failover.cfg") < report.indexOf("io.tandem.subnet-"));
        assertTrue("the import brought leases and the saved state:\n" + report,
                report.contains("imported leases {") && report.contains("failover state: NORMAL since"));
        return tandem;
    }

    /** A server that resumed its predecessor's state never went through RECOVER, which re-learns every lease. */
    private static void assertNoRecover(TandemDistribution tandem) {
        assertFalse(tandem.name() + " went through RECOVER:\n" + tandem.logTail(),
                !tandem.logLines("to=RECOVER").isEmpty());
    }

    /** Each client renews once more from now on; every client has had only its first address throughout. */
    private void clientsRenew() {
        for (int n = 0; n < CLIENTS; n++) {
            Udhcpc client = clients.get(n);
            int seen = client.events().all().size();
            ClientEvents.Event renewed = client.events().await(Set.of("renew", "bound"), seen, WAIT,
                    client::output);
            assertEquals("client " + n + " renews its address", addresses.get(n), renewed.ip());
            List<ClientEvents.Event> since = client.events().all();
            int firstBound = since.indexOf(since.stream().filter(e -> e.reason().equals("bound")).findFirst()
                    .orElseThrow());
            for (ClientEvents.Event event : since.subList(firstBound, since.size())) {
                assertTrue("client " + n + " kept " + addresses.get(n) + ": " + since + "\n" + client.output(),
                        Set.of("bound", "renew").contains(event.reason()) && event.ip().equals(addresses.get(n)));
            }
        }
    }

    private static Path distribution() {
        try {
            return DhcpClientsE2EIT.distribution();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String views() {
        StringBuilder views = new StringBuilder();
        for (TandemDistribution tandem : new TandemDistribution[] {tandemPrimary, tandemSecondary}) {
            if (tandem != null && tandem.running()) {
                views.append("--- ").append(tandem.name()).append('\n').append(tandem.console("dhcp:failover"))
                        .append(tandem.logTail()).append('\n');
            }
        }
        for (IscFailoverPeer isc : new IscFailoverPeer[] {iscPrimary, iscSecondary}) {
            if (isc != null) {
                views.append(isc.logTail()).append('\n');
            }
        }
        return views.toString();
    }
}

package io.tandem.itests.e2e;

import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two Tandem distributions as a failover pair, each in its own network namespace, on one LAN (a bridge in a third
 * namespace) with a client namespace beside them:
 *
 * <pre>
 *   PREFIX-a (primary 192.0.2.1, PREFIX-a0) --+
 *   PREFIX-b (secondary 192.0.2.2, PREFIX-b0) +-- bridge in PREFIX-lan
 *   PREFIX-c (clients, PREFIX-c0) ------------+
 * </pre>
 *
 * Each test class uses its own prefix, so that pairs never share a namespace. The pair's checks are an operator's:
 * {@code dhcp:failover} for states and the update backlog, and {@code dhcp:failover-export} on one server read by
 * {@code dhcp:failover-audit} on the other.
 */
final class TandemPair implements AutoCloseable {

    static final String PRIMARY_ADDRESS = "192.0.2.1";
    static final String SECONDARY_ADDRESS = "192.0.2.2";
    static final String SUBNET = "192.0.2.0/24";
    static final Duration PAIR_WAIT = Duration.ofSeconds(120);
    static final String LINK_UP = "link:                   up";
    static final String LINK_DOWN = "link:                   down";
    static final String CONVERGED = "updates unacknowledged: 0 ";

    private final String prefix;
    private final Path work;
    private final String pool;
    private final int mcltSeconds;
    private final int loadBalanceMaxSeconds;
    private final List<String> namespaces;
    private TandemDistribution primary;
    private TandemDistribution secondary;
    private int audits;

    /**
     * @param prefix the names of the namespaces and interfaces, at most 8 characters
     * @param work a directory of the test's own, emptied first
     * @param pool the shared pool, {@code FIRST-LAST}
     * @param mcltSeconds the MCLT the primary announces
     * @param loadBalanceMaxSeconds both servers' load balance max seconds; 0 turns load balancing off, so that both
     *     answer every DISCOVER
     */
    TandemPair(String prefix, Path work, String pool, int mcltSeconds, int loadBalanceMaxSeconds) {
        this.prefix = prefix;
        this.work = work.toAbsolutePath();
        this.pool = pool;
        this.mcltSeconds = mcltSeconds;
        this.loadBalanceMaxSeconds = loadBalanceMaxSeconds;
        this.namespaces = List.of(lan(), prefix + "-a", prefix + "-b", clientNamespace());
    }

    /** Builds the LAN and starts both servers. */
    TandemPair start() throws IOException {
        Preconditions.require(Map.of("ip", "iproute2", "ss", "iproute2", "setsid", "util-linux", "tar", "tar"));
        createLan();
        // A fresh directory: the client's event file of an earlier run would answer for this one.
        Shell.ok("rm", "-rf", work.toString());
        Files.createDirectories(work);
        primary = new TandemDistribution(DhcpClientsE2EIT.distribution(), work.resolve("primary"), prefix + "-a",
                etc(prefix + "-a0", "primary", PRIMARY_ADDRESS, SECONDARY_ADDRESS));
        secondary = new TandemDistribution(DhcpClientsE2EIT.distribution(), work.resolve("secondary"), prefix + "-b",
                etc(prefix + "-b0", "secondary", SECONDARY_ADDRESS, PRIMARY_ADDRESS));
        try {
            primary.start();
            secondary.start();
        } catch (RuntimeException | Error e) {
            // The caller never gets the pair to close: a server left running would load every later test.
            close();
            throw e;
        }
        return this;
    }

    /** Starts whichever server a failed test left stopped, so that the next test begins with a pair. */
    void startAnyStopped() {
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            if (!server.running()) {
                server.start();
            }
        }
    }

    TandemDistribution primary() {
        return primary;
    }

    TandemDistribution secondary() {
        return secondary;
    }

    String clientNamespace() {
        return prefix + "-c";
    }

    String clientInterface() {
        return prefix + "-c0";
    }

    /** A directory of the test's own under the pair's work directory. */
    Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the secondary's port on the LAN down or up: the pair's link and the secondary's clients with it. */
    void secondaryPort(boolean up) {
        Topology.in(lan(), "ip", "link", "set", prefix + "-bp", up ? "up" : "down");
    }

    /** Each server's etc/: its interface, the shared subnet, and its side of the relationship. */
    private Map<String, Map<String, String>> etc(String ifname, String role, String local, String peer) {
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        files.put("io.tandem.server.cfg", Map.of("interfaces", ifname));
        files.put("io.tandem.subnet-lan.cfg", Map.of("subnet", SUBNET, "pools", pool, "routers", PRIMARY_ADDRESS,
                "leaseTime", "600"));
        Map<String, String> failover = new LinkedHashMap<>();
        failover.put("role", role);
        failover.put("relationshipName", "e2e-pair");
        failover.put("localAddress", local);
        failover.put("peerAddress", peer);
        failover.put("loadBalanceMaxSeconds", String.valueOf(loadBalanceMaxSeconds));
        failover.put("maxResponseDelay", "10");
        if (role.equals("primary")) {
            failover.put("mclt", String.valueOf(mcltSeconds));
            failover.put("split", "128");
        }
        files.put("io.tandem.failover.cfg", failover);
        return files;
    }

    private String lan() {
        return prefix + "-lan";
    }

    private void createLan() {
        destroyLan();
        namespaces.forEach(ns -> Shell.ok("ip", "netns", "add", ns));
        namespaces.forEach(ns -> Topology.in(ns, "ip", "link", "set", "lo", "up"));
        String bridge = prefix + "-br";
        Topology.in(lan(), "ip", "link", "add", bridge, "type", "bridge");
        Topology.in(lan(), "ip", "link", "set", bridge, "up");
        for (String letter : List.of("a", "b", "c")) {
            String ns = prefix + "-" + letter;
            Shell.ok("ip", "link", "add", prefix + "-" + letter + "p", "netns", lan(), "type", "veth", "peer", "name",
                    prefix + "-" + letter + "0", "netns", ns);
            Topology.in(lan(), "ip", "link", "set", prefix + "-" + letter + "p", "master", bridge);
            Topology.in(lan(), "ip", "link", "set", prefix + "-" + letter + "p", "up");
            Topology.in(ns, "ip", "link", "set", prefix + "-" + letter + "0", "up");
        }
        Topology.in(prefix + "-a", "ip", "addr", "add", PRIMARY_ADDRESS + "/24", "dev", prefix + "-a0");
        Topology.in(prefix + "-b", "ip", "addr", "add", SECONDARY_ADDRESS + "/24", "dev", prefix + "-b0");
    }

    private void destroyLan() {
        Topology.deleteNamespaces(namespaces);
    }

    @Override
    public void close() {
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

    /** Waits until {@code dhcp:failover} on {@code server} shows every one of {@code lines}. */
    void awaitFailover(TandemDistribution server, String... lines) {
        String name = server == primary ? "the primary" : "the secondary";
        Eventually.awaitTrue(name + " to show " + String.join(", ", lines), PAIR_WAIT, () -> {
            String status = server.console("dhcp:failover");
            for (String line : lines) {
                if (!status.contains(line)) {
                    return false;
                }
            }
            return true;
        }, this::bothViews);
    }

    /** The failover state {@code dhcp:failover} shows on {@code server}, e.g. {@code RECOVER_WAIT}. */
    String stateOf(TandemDistribution server) {
        return server.console("dhcp:failover").lines().filter(line -> line.startsWith("state:"))
                .map(line -> line.substring("state:".length()).trim().split(" ")[0]).findFirst().orElse("(none)");
    }

    /** Waits until both servers are NORMAL, linked, and hold no change the other has not acknowledged. */
    void awaitConverged() {
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            awaitFailover(server, "state:                  NORMAL since", "peer state:             NORMAL", LINK_UP,
                    CONVERGED);
        }
    }

    /**
     * The pair audit both ways, as an operator runs it: each server exports its leases, the other audits against
     * them. Requires a clean audit with the states and times compared, once the pair has converged. The export and
     * the audit read the two stores seconds apart, and a lease that expires in between (new leases last only MCLT)
     * differs for that moment: a finding counts when it is there in each of three audits, 5 s apart, the pair
     * converged before each.
     */
    void assertAuditClean() {
        String lastReport = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            awaitConverged();
            audits++;
            Optional<String> primarySide = auditOn(primary, secondary, "secondary-" + audits + ".leases");
            Optional<String> secondarySide = auditOn(secondary, primary, "primary-" + audits + ".leases");
            if (primarySide.isEmpty() && secondarySide.isEmpty()) {
                return;
            }
            lastReport = primarySide.orElse("") + secondarySide.orElse("");
            sleep(Duration.ofSeconds(5));
        }
        throw new AssertionError("the pair audit found problems three times in a row, the pair converged before each:\n"
                + lastReport + "\n" + bothViews());
    }

    /** The audit's report if it is not clean with the states and times compared, empty if it is. */
    private Optional<String> auditOn(TandemDistribution auditor, TandemDistribution exporter, String fileName) {
        Path file = work.resolve(fileName);
        String exported = exporter.console("dhcp:failover-export " + file);
        assertTrue("the export says where it wrote: " + exported, exported.contains("leases written to " + file));
        Shell.Result audit = auditor.operatorConsole("dhcp:failover-audit " + file);
        String report = audit.output();
        boolean clean = audit.succeeded() && report.contains("states and times compared: yes")
                && report.contains("pair audit: clean");
        return clean ? Optional.empty() : Optional.of("--- audit on " + auditor.name() + "\n" + report + "\n");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What each server says of the pair and its bound leases, with its log, for a failure message. */
    String bothViews() {
        StringBuilder views = new StringBuilder();
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            views.append("--- ").append(server.name()).append('\n').append(server.console("dhcp:failover"))
                    .append(server.console("dhcp:leases --state ACTIVE")).append(server.logTail()).append('\n');
        }
        return views.toString();
    }

    /** The cells of the pools table row of the pair's subnet in {@code dhcp:failover}: subnet, size, FREE, BACKUP. */
    List<String> poolRow(TandemDistribution server) {
        return server.console("dhcp:failover").lines().filter(line -> line.contains(SUBNET))
                .map(line -> List.of(line.trim().split("\\s*[|│]\\s*"))).findFirst().orElse(List.of());
    }
}

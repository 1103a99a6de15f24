package io.tandem.itests.e2e;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Two Tandem distributions as a failover pair on a {@link PairLan}: the primary at 192.0.2.1, the secondary at
 * 192.0.2.2, clients beside them. The pair's checks are an operator's:
 * {@code dhcp:failover} for states and the update backlog, and {@code dhcp:failover-export} on one server read by
 * {@code dhcp:failover-audit} on the other.
 */
final class TandemPair extends PairUnderTest {

    static final String PRIMARY_ADDRESS = "192.0.2.1";
    static final String SECONDARY_ADDRESS = "192.0.2.2";
    static final String SUBNET = "192.0.2.0/24";
    static final Duration PAIR_WAIT = Duration.ofSeconds(120);
    static final String LINK_UP = "link:                   up";
    static final String LINK_DOWN = "link:                   down";
    static final String CONVERGED = "updates unacknowledged: 0 ";

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
        super(new PairLan(prefix, PRIMARY_ADDRESS + "/24", SECONDARY_ADDRESS + "/24"), new PairSettings("e2e-pair",
                SUBNET, pool, PRIMARY_ADDRESS, mcltSeconds, loadBalanceMaxSeconds, 10, 600), work);
    }

    /** Builds the LAN and starts both servers. */
    TandemPair start() throws IOException {
        prepare();
        primary = new TandemDistribution(DhcpClientsE2EIT.distribution(), work.resolve("primary"),
                lan.primaryNamespace(), settings.tandemEtc(lan.primaryInterface(), "primary", PRIMARY_ADDRESS,
                SECONDARY_ADDRESS));
        secondary = new TandemDistribution(DhcpClientsE2EIT.distribution(), work.resolve("secondary"),
                lan.secondaryNamespace(), settings.tandemEtc(lan.secondaryInterface(), "secondary",
                SECONDARY_ADDRESS, PRIMARY_ADDRESS));
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

    @Override
    void killServers() {
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            if (server != null) {
                server.kill();
            }
        }
    }

    /** Waits until {@code dhcp:failover} on {@code server} shows every one of {@code lines}. */
    void awaitFailover(TandemDistribution server, String... lines) {
        server.awaitFailover(PAIR_WAIT, this::bothViews, lines);
    }

    /** The failover state {@code dhcp:failover} shows on {@code server}, e.g. {@code RECOVER_WAIT}. */
    String stateOf(TandemDistribution server) {
        return server.read("dhcp:failover").lines().filter(line -> line.startsWith("state:"))
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
     * them; see {@link RepeatedAudit}.
     */
    void assertAuditClean() {
        RepeatedAudit.assertClean(this::awaitConverged, () -> {
            audits++;
            return auditBothWays(primary, secondary, work, audits);
        }, this::bothViews);
    }

    /**
     * One audit each way between two Tandems, through {@code dhcp:failover-export} on one and
     * {@code dhcp:failover-audit} on the other: the reports if either is not clean with states and times compared.
     *
     * @param round numbers the export files in {@code work}
     */
    static Optional<String> auditBothWays(TandemDistribution primary, TandemDistribution secondary, Path work,
            int round) {
        Optional<String> primarySide = auditOn(primary, secondary, work.resolve("secondary-" + round + ".leases"));
        Optional<String> secondarySide = auditOn(secondary, primary, work.resolve("primary-" + round + ".leases"));
        return primarySide.isEmpty() && secondarySide.isEmpty() ? Optional.empty()
                : Optional.of(primarySide.orElse("") + secondarySide.orElse(""));
    }

    private static Optional<String> auditOn(TandemDistribution auditor, TandemDistribution exporter, Path file) {
        String exported = exporter.console("dhcp:failover-export " + file);
        assertTrue("the export says where it wrote: " + exported, exported.contains("leases written to " + file));
        return auditor.auditAgainst(file);
    }

    /** What each server says of the pair and its bound leases, with its log, for a failure message. */
    String bothViews() {
        StringBuilder views = new StringBuilder();
        for (TandemDistribution server : new TandemDistribution[] {primary, secondary}) {
            views.append("--- ").append(server.name()).append('\n').append(server.read("dhcp:failover"))
                    .append(server.read("dhcp:leases --state ACTIVE")).append(server.logTail()).append('\n');
        }
        return views.toString();
    }

    /** The cells of the pools table row of the pair's subnet in {@code dhcp:failover}: subnet, size, FREE, BACKUP. */
    List<String> poolRow(TandemDistribution server) {
        return server.failoverPoolRow(SUBNET);
    }
}

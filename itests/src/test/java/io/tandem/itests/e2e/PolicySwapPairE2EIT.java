package io.tandem.itests.e2e;

import static io.tandem.itests.e2e.TandemPair.PAIR_WAIT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Allocation policies swapped on a Tandem pair in NORMAL while clients come and go without pause (each acquiring an
 * address and giving it back, so binding updates flow both ways all the time): 20 swaps each way on each server, there
 * and back ten times: by {@code dhcp:policy use}, by stopping and starting the higher-ranked policy bundle, and by
 * uninstalling and installing the chosen policy's feature, the two servers' operators at work at the same time, a swap
 * a second or faster. No client exchange is lost (each message is sent once), no policy fault or internal error is
 * counted, neither server logs an error, after every swap the new policy is the one placing that server's next
 * clients, the engine's file in etc/ keeps every key and comment, and the pair audit is clean at the end. Restarted,
 * the primary keeps the policy chosen.
 */
public class PolicySwapPairE2EIT {

    /** Swaps per way and server: the pair sees twice as many. */
    private static final int SWAPS = 10;
    private static final String AFFINITY = "affinity";
    private static final String STABLE_HASH = "stable-hash";

    private static TandemPair pair;

    /** The active row of one table {@code dhcp:policy} printed, and whether any policy in it counted a fault. */
    private record PolicyTable(String active, long activeServed, boolean faults) {

        /** The last table in {@code printed}. */
        static PolicyTable of(String printed) {
            List<PolicyTable> tables = all(printed);
            return tables.get(tables.size() - 1);
        }

        /** Every table in {@code printed}, in order: each starts at its header row. */
        static List<PolicyTable> all(String printed) {
            List<PolicyTable> tables = new ArrayList<>();
            String active = "";
            long served = -1;
            boolean faults = false;
            boolean inTable = false;
            for (String line : printed.lines().toList()) {
                String[] cells = line.split("\\|");
                if (cells.length == 7 && cells[1].trim().equals("Name")) {
                    if (inTable) {
                        tables.add(new PolicyTable(active, served, faults));
                    }
                    inTable = true;
                    active = "";
                    served = -1;
                    faults = false;
                } else if (inTable && cells.length == 7) {
                    faults |= !cells[5].trim().equals("0") || !cells[6].trim().equals("0");
                    if (cells[0].trim().equals("*")) {
                        active = cells[1].trim();
                        served = Long.parseLong(cells[4].trim());
                    }
                }
            }
            if (inTable) {
                tables.add(new PolicyTable(active, served, faults));
            }
            if (tables.isEmpty()) {
                throw new AssertionError("no dhcp:policy table in:\n" + printed);
            }
            return tables;
        }
    }

    @BeforeClass
    public static void startPair() throws Exception {
        Preconditions.require(Map.of("python3", "python3"));
        pair = new TandemPair("tdpw", Path.of("target/e2e-policy-pair"), "192.0.2.10-192.0.2.249", 60, 5).start();
        pair.awaitConverged();
        for (TandemDistribution server : servers()) {
            server.console("feature:install tandem-policy-stable-hash");
        }
    }

    @AfterClass
    public static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    private static List<TandemDistribution> servers() {
        return List.of(pair.primary(), pair.secondary());
    }

    /**
     * Types {@code commands} on {@code server}, then checks in the same session (one console round trip, which costs
     * a JVM start) that {@code name} is active and placing clients; falls back to polling if it is not there yet.
     */
    private static void swap(TandemDistribution server, String commands, String name) throws Exception {
        String printed = server.console(commands + "\ndhcp:policy\nshell:sleep -m 500\ndhcp:policy");
        List<PolicyTable> tables = PolicyTable.all(printed);
        PolicyTable before = tables.get(tables.size() - 2);
        PolicyTable after = tables.get(tables.size() - 1);
        assertTrue(server.name() + " counted a policy fault after " + commands + ":\n" + printed,
                tables.stream().noneMatch(PolicyTable::faults));
        if (!before.active().equals(name) || !after.active().equals(name)
                || after.activeServed() < before.activeServed() + 2) {
            awaitPlacing(server, name, commands);
        }
    }

    /** Waits until {@code name} is active on {@code server} and has placed two more clients since first seen so. */
    private static void awaitPlacing(TandemDistribution server, String name, String after) throws Exception {
        long deadline = System.nanoTime() + PAIR_WAIT.toNanos();
        long servedFirst = -1;
        String last = "";
        while (System.nanoTime() < deadline) {
            last = server.console("dhcp:policy");
            PolicyTable table = PolicyTable.of(last);
            assertTrue(server.name() + " counted a policy fault after " + after + ":\n" + last, !table.faults());
            if (table.active().equals(name)) {
                servedFirst = servedFirst < 0 ? table.activeServed() : servedFirst;
                if (table.activeServed() >= servedFirst + 2) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError(name + " did not take over on " + server.name() + " after " + after + ":\n" + last);
    }

    /** One swap on one server: what to type, and the policy that must then be placing clients. */
    private interface Swap {
        void on(TandemDistribution server, int swap) throws Exception;
    }

    /** Runs {@link #SWAPS} swaps on each server, both servers at once. */
    private static void onBothServers(Swap swap) throws Exception {
        ExecutorService operators = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TandemDistribution server : servers()) {
                done.add(operators.submit(() -> {
                    for (int n = 0; n < SWAPS; n++) {
                        swap.on(server, n);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(10, TimeUnit.MINUTES);
            }
        } finally {
            operators.shutdownNow();
        }
    }

    @Test
    public void policiesSwappedUnderLoadLoseNoExchangeAndLeaveACleanAudit() throws Exception {
        ClientStorm clients = ClientStorm.churn(pair.clientNamespace(), pair.clientInterface(), "02:5a:00:00:00:00",
                pair.directory("churn"), Duration.ofSeconds(3));
        try {
            onBothServers((server, swap) -> {
                swap(server, "dhcp:policy use " + STABLE_HASH, STABLE_HASH);
                swap(server, "dhcp:policy use " + AFFINITY, AFFINITY);
            });
            onBothServers((server, swap) -> {
                swap(server, "dhcp:policy clear\nbundle:stop io.tandem.policy.affinity", STABLE_HASH);
                swap(server, "bundle:start io.tandem.policy.affinity", AFFINITY);
            });
            onBothServers((server, swap) -> {
                swap(server, "dhcp:policy use " + STABLE_HASH + "\nfeature:uninstall tandem-policy-stable-hash",
                        AFFINITY);
                swap(server, "feature:install tandem-policy-stable-hash", STABLE_HASH);
            });
        } finally {
            clients.stop();
        }
        assertEquals("exchanges lost:\n" + clients, List.of(), clients.missed());
        assertTrue("clients served: " + clients.acknowledged().size(), clients.acknowledged().size() > 4 * SWAPS);
        for (TandemDistribution server : servers()) {
            String stats = server.console("dhcp:stats");
            assertTrue(server.name() + " counted internal errors:\n" + stats, !stats.contains("internal-error"));
            assertEquals(server.name() + " logged errors", List.of(), server.logErrors());
            // Sixty choices written to the operator's file: its other keys and comments are all still there.
            String engineFile = Files.readString(server.home().resolve("etc/io.tandem.engine.cfg"));
            assertTrue(engineFile, engineFile.contains("offerHoldSeconds = 30\n")
                    && engineFile.contains("policyDeadlineMillis = 100\n") && engineFile.contains("# policy "));
        }
        pair.assertAuditClean();

        // The choice outlives a restart (clients stopped first: a restart under load loses exchanges of its own).
        pair.primary().stop();
        pair.primary().start();
        pair.awaitConverged();
        String afterRestart = pair.primary().console("dhcp:policy");
        assertTrue(afterRestart, afterRestart.lines().anyMatch(line -> line.trim().equals("chosen: stable-hash")));
        assertEquals(afterRestart, STABLE_HASH, PolicyTable.of(afterRestart).active());
    }
}

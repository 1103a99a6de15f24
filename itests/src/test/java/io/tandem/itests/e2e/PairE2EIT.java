package io.tandem.itests.e2e;

import static io.tandem.itests.e2e.TandemPair.LINK_DOWN;
import static io.tandem.itests.e2e.TandemPair.LINK_UP;
import static io.tandem.itests.e2e.TandemPair.PAIR_WAIT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A Tandem pair ({@link TandemPair}) with a real DHCP client: the pair connects and recovers to NORMAL, the
 * primary gives the secondary half the pool, and a lease the client gets (from whichever server answers first:
 * load balancing is off) reaches the other server and is acknowledged, also when it was made while the link was
 * cut. Every test ends with the pair audit both ways.
 */
public class PairE2EIT {

    private static TandemPair pair;

    @BeforeClass
    public static void startPair() throws Exception {
        Preconditions.require(Map.of("udhcpc", "udhcpc"));
        pair = new TandemPair("tdmp", Path.of("target/e2e-pair"), "192.0.2.100-192.0.2.199", 60, 0).start();
    }

    @AfterClass
    public static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @After
    public void theAuditIsClean() {
        pair.assertAuditClean();
    }

    private static boolean activeOn(TandemDistribution server, String address) {
        return server.lease(address).map(lease -> lease.state().equals("ACTIVE")).orElse(false);
    }

    @Test
    public void thePairReachesNormalSplitsThePoolAndALeaseReachesTheOtherServer() throws Exception {
        pair.awaitFailover(pair.primary(), "state:", "NORMAL since", LINK_UP);
        pair.awaitFailover(pair.secondary(), "NORMAL since", LINK_UP);
        // An operator reads errors as trouble: a fresh pair reaching NORMAL must not log one (it once logged DS's
        // circular reference between core and failover at some fresh starts).
        assertEquals(List.of(), pair.primary().logErrors());
        assertEquals(List.of(), pair.secondary().logErrors());
        Eventually.awaitTrue("the pool split 50/50 on the secondary", PAIR_WAIT,
                () -> pair.poolRow(pair.secondary()).equals(List.of(TandemPair.SUBNET, "100", "50", "50")),
                () -> pair.poolRow(pair.secondary()) + "\n" + pair.secondary().logTail());

        try (Udhcpc client = new Udhcpc(pair.clientNamespace(), pair.clientInterface(), pair.directory("udhcpc"))) {
            client.start();
            String address = client.events().await(Set.of("bound"), 0, Duration.ofSeconds(60), client::output).ip();

            for (TandemDistribution server : List.of(pair.primary(), pair.secondary())) {
                Eventually.awaitTrue("both servers to hold the binding of " + address, Duration.ofSeconds(30),
                        () -> activeOn(server, address), pair::bothViews);
            }
            assertEquals("the same client on both", pair.primary().lease(address).orElseThrow().mac(),
                    pair.secondary().lease(address).orElseThrow().mac());
            pair.awaitConverged();
            assertTrue(pair.secondary().console("dhcp:status").contains("configuration: no problems"));
        }
    }

    @Test
    public void aLeaseMadeWhileTheLinkIsCutReachesThePeerWhenItReturns() throws Exception {
        pair.awaitFailover(pair.primary(), "NORMAL since", LINK_UP);
        pair.awaitFailover(pair.secondary(), "NORMAL since", LINK_UP);

        // The secondary's only port on the LAN goes down: past max-response-delay both sides are interrupted.
        pair.secondaryPort(false);
        try (Udhcpc client = new Udhcpc(pair.clientNamespace(), pair.clientInterface(), pair.directory("cut"))) {
            String address;
            try {
                pair.awaitFailover(pair.primary(), "COMMUNICATIONS_INTERRUPTED since", LINK_DOWN);
                client.start();
                address = client.events().await(Set.of("bound"), 0, Duration.ofSeconds(60), client::output).ip();
                assertTrue("the secondary cannot know yet", !activeOn(pair.secondary(), address));
            } finally {
                pair.secondaryPort(true);
            }

            pair.awaitFailover(pair.primary(), "NORMAL since", LINK_UP);
            Eventually.awaitTrue("the lease made during the cut to reach the secondary", PAIR_WAIT,
                    () -> activeOn(pair.secondary(), address), pair::bothViews);
            assertEquals("the same client on both", pair.primary().lease(address).orElseThrow().mac(),
                    pair.secondary().lease(address).orElseThrow().mac());
            // Back in NORMAL, pool balancing leaves the shares within ISC's slack: maxLeaseOwnership (10 %) each way.
            List<String> row = pair.poolRow(pair.secondary());
            int free = Integer.parseInt(row.get(2));
            int backup = Integer.parseInt(row.get(3));
            int hold = Math.round((free + backup) * 10 / 100f);
            assertTrue("shares within the slack: " + row, Math.abs(free - backup) <= 2 * hold + 1);
        }
    }
}

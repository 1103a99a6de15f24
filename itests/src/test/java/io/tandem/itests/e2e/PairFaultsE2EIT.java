package io.tandem.itests.e2e;

import static io.tandem.itests.e2e.TandemPair.LINK_DOWN;
import static io.tandem.itests.e2e.TandemPair.PAIR_WAIT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A Tandem pair ({@link TandemPair}) through the faults an operator meets: a server SIGKILLed while clients pour
 * in, a server whose data directory is lost, and a peer declared down by the operator and later returning. After
 * each, the pair converges to NORMAL, every lease a client was acknowledged is known to both servers for that
 * client, and the pair audit is clean both ways.
 */
public class PairFaultsE2EIT {

    private static final int MCLT_SECONDS = 30;
    private static final Duration STORM_WAIT = Duration.ofMinutes(5);

    private static TandemPair pair;

    @BeforeClass
    public static void startPair() throws Exception {
        Preconditions.require(Map.of("python3", "python3"));
        pair = new TandemPair("tdmf", Path.of("target/e2e-pair-faults"), "192.0.2.10-192.0.2.249", MCLT_SECONDS, 0)
                .start();
    }

    @AfterClass
    public static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Before
    public void bothServersRun() {
        pair.startAnyStopped();
    }

    @After
    public void theAuditIsClean() {
        pair.assertAuditClean();
    }

    private static ClientStorm storm(String firstMac, int clients) {
        return ClientStorm.start(pair.clientNamespace(), pair.clientInterface(), firstMac, clients,
                pair.directory("storm"));
    }

    /**
     * Every lease of {@code storm} still names its client on both servers, and no address went to two clients. In
     * any state: a new lease lasts only MCLT (the MCLT rule), so by now it may have expired, which keeps the client
     * on the lease; the pool is large enough that no address is given to a second client during a test.
     */
    private static void bothKnowEveryAcknowledgedLease(ClientStorm storm) {
        List<ClientStorm.Acknowledged> acknowledged = storm.acknowledged();
        Set<String> addresses = acknowledged.stream().map(ClientStorm.Acknowledged::address)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals("an address acknowledged to two clients:\n" + storm, acknowledged.size(), addresses.size());
        for (TandemDistribution server : List.of(pair.primary(), pair.secondary())) {
            Map<String, LeaseView> leases = server.leases().stream()
                    .collect(Collectors.toMap(LeaseView::address, Function.identity()));
            List<String> lost = new ArrayList<>();
            for (ClientStorm.Acknowledged lease : acknowledged) {
                LeaseView held = leases.get(lease.address());
                if (held == null || !held.mac().equals(lease.mac())) {
                    lost.add(lease + " is " + held);
                }
            }
            assertTrue(server.name() + " lost acknowledged leases:\n" + String.join("\n", lost) + "\n"
                    + pair.bothViews(), lost.isEmpty());
        }
    }

    /** Polls the state of {@code server} until it is NORMAL, and returns every state seen on the way. */
    private static Set<String> statesUntilNormal(TandemDistribution server) {
        Set<String> seen = new LinkedHashSet<>();
        Eventually.awaitTrue("the returning server to reach NORMAL", PAIR_WAIT, () -> {
            String state = pair.stateOf(server);
            seen.add(state);
            return state.equals("NORMAL");
        }, () -> "states seen: " + seen + "\n" + pair.bothViews());
        return seen;
    }

    @Test
    public void aServerKilledUnderLoadKeepsEveryAcknowledgedLeaseAndThePairConverges() throws Exception {
        pair.awaitConverged();
        ClientStorm storm = storm("02:00:00:0a:00:00", 60);
        Eventually.awaitTrue("clients to be served before the kill", Duration.ofSeconds(60),
                () -> storm.acknowledged().size() >= 15, storm::toString);

        pair.primary().crash();
        storm.await(STORM_WAIT);
        pair.primary().start();
        pair.awaitConverged();

        assertTrue("most clients were served around the kill:\n" + storm, storm.acknowledged().size() >= 30);
        bothKnowEveryAcknowledgedLease(storm);
    }

    @Test
    public void aServerThatLostItsDataRecoversEverythingFromItsPeerBeforeServing() throws Exception {
        pair.awaitConverged();
        ClientStorm storm = storm("02:00:00:0b:00:00", 10).await(STORM_WAIT);
        assertEquals("every client served by the pair:\n" + storm, 10, storm.acknowledged().size());
        pair.awaitConverged();

        pair.secondary().crash();
        pair.secondary().wipeData();
        pair.secondary().start();
        Set<String> seen = statesUntilNormal(pair.secondary());

        // No state saved: RECOVER, all bindings asked for (UPDREQALL), then RECOVER-WAIT until its STOS + MCLT.
        assertTrue("the secondary waited out MCLT in RECOVER_WAIT: " + seen, seen.contains("RECOVER_WAIT"));
        pair.awaitConverged();
        bothKnowEveryAcknowledgedLease(storm);
    }

    @Test
    public void partnerDownLetsTheSurvivorServeThePeersAddressesAndTheReturningPeerRecovers() throws Exception {
        pair.awaitConverged();
        pair.secondary().crash();
        pair.awaitFailover(pair.primary(), "COMMUNICATIONS_INTERRUPTED since", LINK_DOWN);

        String said = pair.primary().console("dhcp:failover partner-down --confirm");
        assertTrue(said, said.contains("partner-down requested"));
        pair.awaitFailover(pair.primary(), "PARTNER_DOWN since");
        // The secondary may have allocated its own addresses up to MCLT ago: they are the primary's only after that.
        Thread.sleep(Duration.ofSeconds(MCLT_SECONDS + 2).toMillis());
        int free = Integer.parseInt(pair.poolRow(pair.primary()).get(2));
        int backup = Integer.parseInt(pair.poolRow(pair.primary()).get(3));
        ClientStorm storm = storm("02:00:00:0c:00:00", free + 10).await(STORM_WAIT);

        assertEquals("every client served, some from the secondary's addresses:\n" + storm, free + 10,
                storm.acknowledged().size());
        assertTrue("the secondary's addresses were used: BACKUP " + backup + " before, " + pair.poolRow(pair.primary()),
                Integer.parseInt(pair.poolRow(pair.primary()).get(3)) <= backup - 10);

        pair.secondary().start();
        Set<String> seen = statesUntilNormal(pair.secondary());
        assertTrue("the returning secondary recovered through RECOVER_WAIT: " + seen, seen.contains("RECOVER_WAIT"));
        pair.awaitConverged();
        bothKnowEveryAcknowledgedLease(storm);
    }

    /**
     * The failover bundle stopped, updated and started again on the primary while clients arrive: meanwhile the
     * primary answers nobody rather than run standalone (which would allocate the secondary's addresses), the
     * secondary carries on alone, and nothing either acknowledged is lost or duplicated.
     */
    @Test
    public void theFailoverBundleStoppedUpdatedAndRestartedUnderLoadLosesNothing() throws Exception {
        pair.awaitConverged();
        ClientStorm storm = storm("02:00:00:0d:00:00", 40);
        Eventually.awaitTrue("clients to be served first", Duration.ofSeconds(60),
                () -> storm.acknowledged().size() >= 5, storm::toString);

        pair.primary().console("bundle:stop io.tandem.failover");
        Eventually.awaitTrue("clients served while the primary's failover bundle is stopped", Duration.ofSeconds(60),
                () -> storm.acknowledged().size() >= 12, storm::toString);
        pair.primary().console("bundle:update io.tandem.failover");
        pair.primary().console("bundle:start io.tandem.failover");
        storm.await(STORM_WAIT);
        pair.awaitConverged();

        assertTrue("most clients were served:\n" + storm, storm.acknowledged().size() >= 20);
        bothKnowEveryAcknowledgedLease(storm);
    }
}

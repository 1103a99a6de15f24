package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/**
 * Scenario 29 against a real ISC dhcpd, Tandem in each role: the secondary's clients take every address the primary
 * gave it (a pool of 20, half of it the secondary's). The starved secondary offers nothing; the primary answers the
 * next client of the secondary's buckets at once, as it would outside load balancing (ISC's "cancel load balance
 * to peer - no free leases", which Tandem does too). Within the next pool balancing (the secondary's POOLREQ or
 * the primary's own run) the secondary gets addresses again and serves the next client of its buckets. Each ends
 * with the pair audit and no binding update refused by either server.
 */
public class IscStarvedSecondaryE2EIT {

    private static final String PRIMARY = IscTandemPair.PRIMARY_ADDRESS;
    private static final String SECONDARY = IscTandemPair.SECONDARY_ADDRESS;
    /** Twenty addresses: ten for each server once the primary has balanced them. */
    private static final String POOL = "10.90.1.0-10.90.1.19";
    /** Min-balance (60 s) after the run on entering NORMAL, a few seconds of jitter, and the answer. */
    private static final Duration BALANCING_WAIT = Duration.ofSeconds(150);

    @Test
    public void aStarvedTandemSecondaryHasItsClientsServedByTheIscPrimaryUntilItGetsLeasesAgain() throws IOException {
        starvedSecondary("tdsv", false);
    }

    @Test
    public void aStarvedIscSecondaryHasItsClientsServedByTheTandemPrimaryUntilItGetsLeasesAgain() throws IOException {
        starvedSecondary("tdsp", true);
    }

    private static void starvedSecondary(String prefix, boolean tandemIsPrimary) throws IOException {
        try (IscTandemPair pair = new IscTandemPair(prefix, Path.of("target/e2e-" + prefix), tandemIsPrimary,
                IscInteropScenarios.MCLT_SECONDS, IscInteropScenarios.LOAD_BALANCE_MAX_SECONDS, false, POOL)) {
            pair.start(!tandemIsPrimary);
            pair.awaitBalanced();
            OfferChooser chooser = new OfferChooser(new CraftedDhcp(pair.directory("probe")), pair.clientNamespace(),
                    pair.clientInterface());
            List<String> macs = IscInteropScenarios.macsAnsweredBy("02:00:00:91", SECONDARY, 12);
            int backup = 10;
            Eventually.awaitTrue("the primary to give the secondary half the pool", IscTandemPair.PAIR_WAIT,
                    () -> backupAsTandemSeesIt(pair) == backup, pair::bothViews);

            for (String mac : macs.subList(0, backup)) {
                chooser.leaseFrom(SECONDARY, mac);
            }
            Eventually.awaitTrue("Tandem to see the secondary's addresses all taken", IscTandemPair.PAIR_WAIT,
                    () -> backupAsTandemSeesIt(pair) == 0, pair::bothViews);
            OfferChooser.Exchange starved = chooser.exchange(macs.get(backup), 0, "-", "first");
            assertEquals("the starved secondary offers nothing, the primary answers its client at once: " + starved,
                    List.of(PRIMARY), starved.offers().stream().map(offer -> offer.split(" ")[1]).toList());
            assertEquals("the client is bound by the primary", PRIMARY,
                    starved.acknowledged().orElseThrow().split(" ")[1]);

            Eventually.awaitTrue("the primary to give the starved secondary leases", BALANCING_WAIT,
                    () -> backupAsTandemSeesIt(pair) > 0, pair::bothViews);
            chooser.leaseFrom(SECONDARY, macs.get(backup + 1));
            pair.assertAuditClean();
            assertEquals("binding updates refused by either server", List.of(), pair.tandem().refusedUpdates());
        }
    }

    /** The secondary's free addresses (BACKUP) in Tandem's {@code dhcp:failover}. */
    private static int backupAsTandemSeesIt(IscTandemPair pair) {
        return Integer.parseInt(pair.tandem().failoverPoolRow(IscTandemPair.SUBNET).get(3));
    }
}

package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;

import io.tandem.api.HashBuckets;
import io.tandem.api.model.ClientId;
import io.tandem.itests.Eventually;
import io.tandem.protocol.HardwareAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Scenario 29 against a real ISC dhcpd: a Tandem secondary whose clients take every address the ISC primary gave it
 * (a pool of 20, half of it the secondary's) is short of leases and offers nothing. Within the next pool balancing,
 * Tandem's (a POOLREQ, answered with POOLRESP and BNDUPD BACKUP) or ISC's own, whichever comes first, the secondary
 * gets addresses again, and the next client of its buckets gets one from Tandem. Ends with the pair audit.
 */
public class IscStarvedSecondaryE2EIT {

    private static final String SECONDARY = IscTandemPair.SECONDARY_ADDRESS;
    /** Twenty addresses: ten for each server once the primary has balanced them. */
    private static final String POOL = "10.90.1.0-10.90.1.19";
    /** Min-balance (60 s) after the run on entering NORMAL, a few seconds of jitter, and ISC's answer. */
    private static final Duration BALANCING_WAIT = Duration.ofSeconds(150);

    @Test
    public void aStarvedTandemSecondaryAsksTheIscPrimaryForLeasesAndServesAgain() throws IOException {
        try (IscTandemPair pair = new IscTandemPair("tdsv", Path.of("target/e2e-tdsv"), false,
                IscInteropScenarios.MCLT_SECONDS, IscInteropScenarios.LOAD_BALANCE_MAX_SECONDS, false, POOL)) {
            pair.start(false);
            pair.awaitConverged();
            OfferChooser chooser = new OfferChooser(new CraftedDhcp(pair.directory("probe")), pair.clientNamespace(),
                    pair.clientInterface());
            List<String> macs = macsOfTheSecondary(12);
            int backup = backupOnTandem(pair);
            assertEquals("the primary gave the secondary half the pool", 10, backup);

            for (String mac : macs.subList(0, backup)) {
                chooser.leaseFrom(SECONDARY, mac);
            }
            assertEquals("the secondary's addresses are all taken", 0, backupOnTandem(pair));
            OfferChooser.Exchange starved = chooser.exchange(macs.get(backup), 0, "-", SECONDARY);
            assertEquals("a starved secondary has nothing to offer: " + starved, List.of(), starved.offers());

            Eventually.awaitTrue("the ISC primary to give the starved secondary leases", BALANCING_WAIT,
                    () -> backupOnTandem(pair) > 0, pair::bothViews);
            chooser.leaseFrom(SECONDARY, macs.get(backup + 1));
            pair.assertAuditClean();
            assertEquals("binding updates refused by either server", List.of(), pair.tandem().refusedUpdates());
        }
    }

    private static int backupOnTandem(IscTandemPair pair) {
        return Integer.parseInt(pair.tandem().failoverPoolRow(IscTandemPair.SUBNET).get(3));
    }

    /** {@code count} MACs (the probe sends no client identifier) of the secondary's hash buckets. */
    private static List<String> macsOfTheSecondary(int count) {
        List<String> macs = new ArrayList<>();
        for (int n = 1; macs.size() < count; n++) {
            String mac = "02:00:00:91:%02x:%02x".formatted(n >> 8, n & 0xff);
            if (HashBuckets.bucketOf(ClientId.fromHardware(HardwareAddress.parseEthernet(mac))) >= 128) {
                macs.add(mac);
            }
        }
        return macs;
    }
}

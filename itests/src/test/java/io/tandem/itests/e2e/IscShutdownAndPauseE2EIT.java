package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * Scenario 26 against a real ISC dhcpd, Tandem in each role: the operator takes Tandem out of service with
 * {@code dhcp:failover pause --confirm} before a brief stop and {@code dhcp:failover shutdown --confirm} before a
 * long one. ISC, in NORMAL, moves to COMMUNICATIONS-INTERRUPTED on PAUSED and to PARTNER-DOWN on SHUTDOWN, and
 * serves the clients Tandem no longer answers; Tandem, restarted, comes back to NORMAL with ISC (from PAUSED
 * directly, from SHUTDOWN through RECOVER) and knows every lease ISC granted meanwhile. Each ends with the pair
 * audit and no binding update refused by either server.
 */
public class IscShutdownAndPauseE2EIT {

    @Test
    public void iscTakesOverWhenTheTandemPrimaryPausesOrShutsDown() throws IOException {
        outOfService("tdop", true);
    }

    @Test
    public void iscTakesOverWhenTheTandemSecondaryPausesOrShutsDown() throws IOException {
        outOfService("tdos", false);
    }

    private static void outOfService(String prefix, boolean tandemIsPrimary) throws IOException {
        try (IscTandemPair pair = new IscTandemPair(prefix, Path.of("target/e2e-" + prefix), tandemIsPrimary,
                IscInteropScenarios.MCLT_SECONDS, IscInteropScenarios.LOAD_BALANCE_MAX_SECONDS, false)) {
            pair.start(!tandemIsPrimary);
            pair.awaitBalanced();
            OfferChooser chooser = new OfferChooser(new CraftedDhcp(pair.directory("probe")), pair.clientNamespace(),
                    pair.clientInterface());
            // Clients of Tandem's buckets: ISC answers them only once Tandem is out of service.
            List<String> tandemsClients = IscInteropScenarios.macsAnsweredBy("02:00:00:92", pair.tandemAddress(), 2);

            assertTrue(pair.tandem().console("dhcp:failover pause --confirm").contains("pause requested"));
            pair.awaitIsc("communications-interrupted", "paused");
            pair.awaitTandem("state:                  PAUSED since");
            String pausedLease = servedByIscAlone(pair, chooser, tandemsClients.get(0));
            pair.tandem().stop();
            pair.tandem().start();
            pair.awaitConverged();
            assertEquals("the lease ISC granted while Tandem was paused, on Tandem", List.of(pausedLease),
                    activeOnTandem(pair, pausedLease));

            assertTrue(pair.tandem().console("dhcp:failover shutdown --confirm").contains("shutdown requested"));
            pair.awaitIsc("partner-down", "shutdown");
            pair.awaitTandem("state:                  SHUTDOWN since");
            pair.tandem().stop();
            String shutDownLease = servedByIscAlone(pair, chooser, tandemsClients.get(1));
            pair.tandem().start();
            pair.awaitConverged();
            assertEquals("the lease ISC granted in PARTNER-DOWN, on Tandem after its recovery", List.of(shutDownLease),
                    activeOnTandem(pair, shutDownLease));

            pair.assertAuditClean();
            assertEquals("binding updates refused by either server", List.of(), pair.tandem().refusedUpdates());
        }
    }

    /** A client of Tandem's buckets, secs 0: offered only by ISC, and bound by it; its address. */
    private static String servedByIscAlone(IscTandemPair pair, OfferChooser chooser, String mac) {
        OfferChooser.Exchange exchange = chooser.exchange(mac, 0, "-", "first");
        assertEquals("only ISC offers: " + exchange, List.of(pair.iscAddress()),
                exchange.offers().stream().map(offer -> offer.split(" ")[1]).toList());
        return exchange.acknowledged().orElseThrow().split(" ")[0];
    }

    /** {@code address} if Tandem's {@code dhcp:leases} lists it ACTIVE. */
    private static List<String> activeOnTandem(IscTandemPair pair, String address) {
        return pair.tandem().read("dhcp:leases --state ACTIVE").lines()
                .filter(line -> line.contains(address + " ")).map(line -> address).toList();
    }
}

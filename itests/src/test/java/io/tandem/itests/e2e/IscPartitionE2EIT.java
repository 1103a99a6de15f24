package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/**
 * The seed's partition case against a real ISC dhcpd (failover-protocol.md §8 scenario 22), Tandem in each role:
 * with the relationship's own link cut, both servers COMMUNICATIONS-INTERRUPTED and both reached by clients, each
 * client gets a lease from each server, so that it is bound twice, once on each side. When the link returns each
 * server learns the other's binding; the client's next exchange, answered by the server of its hash bucket (one
 * client per server), leaves one binding. Pass: each client ends bound to one address, the only ACTIVE lease
 * carrying its identity on either server, and the pair audit is clean.
 *
 * <p>In the same partition, scenario 24 (rewind): a lease Tandem grants and its client releases while the link is
 * cut never reached ISC, so it returns to Tandem's free state at once (not RELEASED, which would wait for ISC) and
 * Tandem gives it to another client; once the link is back ISC holds that final binding.
 */
public class IscPartitionE2EIT {

    private static final String PRIMARY = IscTandemPair.PRIMARY_ADDRESS;
    private static final String SECONDARY = IscTandemPair.SECONDARY_ADDRESS;

    @Test
    public void twoBindingsMadeDuringAPartitionEndAsOneWithTandemPrimary() throws IOException {
        partitionedClientsEndWithOneBinding("tdpp", true);
    }

    @Test
    public void twoBindingsMadeDuringAPartitionEndAsOneWithTandemSecondary() throws IOException {
        partitionedClientsEndWithOneBinding("tdps", false);
    }

    private static void partitionedClientsEndWithOneBinding(String prefix, boolean tandemIsPrimary)
            throws IOException {
        try (IscTandemPair pair = new IscTandemPair(prefix, Path.of("target/e2e-" + prefix), tandemIsPrimary,
                IscInteropScenarios.MCLT_SECONDS, IscInteropScenarios.LOAD_BALANCE_MAX_SECONDS, true)) {
            pair.start(false);
            pair.awaitBalanced();
            OfferChooser chooser = new OfferChooser(new CraftedDhcp(pair.directory("probe")), pair.clientNamespace(),
                    pair.clientInterface());
            Map<String, String> bucketServer = new LinkedHashMap<>();
            // The probe sends no client identifier: each MAC's hash bucket is its server's.
            for (String server : List.of(PRIMARY, SECONDARY)) {
                bucketServer.put(IscInteropScenarios.macsAnsweredBy("02:00:00:90", server, 1).get(0), server);
            }

            List<String> rewindClients = IscInteropScenarios.macsAnsweredBy("02:00:00:93", pair.tandemAddress(), 2);
            pair.syncLink(false);
            Map<String, List<String>> bindings = new LinkedHashMap<>();
            String rewound;
            try {
                pair.awaitTandem("COMMUNICATIONS_INTERRUPTED since", TandemPair.LINK_DOWN);
                pair.awaitIscState("communications-interrupted");
                rewound = grantedReleasedAndGivenAgain(pair, chooser, rewindClients);
                for (String mac : bucketServer.keySet()) {
                    List<String> addresses = new ArrayList<>();
                    for (String server : List.of(PRIMARY, SECONDARY)) {
                        OfferChooser.Exchange exchange = chooser.exchange(mac, 0, "-", server);
                        String acknowledged = exchange.acknowledged().orElseThrow(() -> new AssertionError(
                                server + " did not bind " + mac + ": " + exchange + "\n" + pair.bothViews()));
                        addresses.add(acknowledged.split(" ")[0]);
                    }
                    assertNotEquals("each server bound " + mac + " to an address of its own", addresses.get(0),
                            addresses.get(1));
                    bindings.put(mac, addresses);
                }
            } finally {
                pair.syncLink(true);
            }
            pair.awaitConverged();
            Eventually.awaitTrue("ISC to hold the final binding of " + rewound, IscTandemPair.PAIR_WAIT,
                    () -> activeOn(pair.isc().lease(rewound), rewindClients.get(1)), pair::bothViews);

            for (Map.Entry<String, List<String>> client : bindings.entrySet()) {
                String mac = client.getKey();
                OfferChooser.Exchange exchange = chooser.exchange(mac, 0, "-", "first");
                String[] acknowledged = exchange.acknowledged().orElseThrow(() -> new AssertionError(
                        "no server bound " + mac + " again: " + exchange + "\n" + pair.bothViews())).split(" ");
                assertEquals("the server of the client's bucket answers: " + exchange, bucketServer.get(mac),
                        acknowledged[1]);
                String kept = acknowledged[0];
                assertEquals("the client is given one of its two bindings", true, client.getValue().contains(kept));
                for (String address : client.getValue()) {
                    Optional<String> expected = Optional.of(address.equals(kept) ? "ACTIVE" : "not ACTIVE");
                    Eventually.awaitTrue(address + " " + expected.get() + " for " + mac + " on both servers",
                            IscTandemPair.PAIR_WAIT,
                            () -> activeOn(pair.tandem().lease(address), mac) == address.equals(kept)
                                    && activeOn(pair.isc().lease(address), mac) == address.equals(kept),
                            pair::bothViews);
                }
            }
            pair.assertAuditClean();
            // Both servers may acknowledge the client's REQUEST for a binding both know (ISC answers one naming its
            // peer as the server): the two updates duel, and the primary refuses the secondary's as less critical
            // (reason 16, §8 scenario 15), as ISC does. Anything else refused is a disagreement.
            assertEquals("binding updates refused by either server, duels aside", List.of(),
                    pair.tandem().refusedUpdates().stream().filter(line -> !line.contains(" reason=16 ")).toList());
        }
    }

    /**
     * Scenario 24 while the link is cut: Tandem binds the first client, which releases the lease at once; the lease
     * is Tandem's free state again and the second client, asking for it, is given it. Returns its address.
     */
    private static String grantedReleasedAndGivenAgain(IscTandemPair pair, OfferChooser chooser, List<String> macs) {
        String tandem = pair.tandemAddress();
        OfferChooser.Exchange granted = chooser.exchange(macs.get(0), 0, "-", tandem);
        String address = granted.acknowledged().orElseThrow(() -> new AssertionError(
                "Tandem did not bind " + macs.get(0) + ": " + granted + "\n" + pair.bothViews())).split(" ")[0];
        new CraftedDhcp(pair.directory("probe")).run(pair.clientNamespace(), "release", pair.clientInterface(),
                macs.get(0), address, tandem, tandem);
        String ownFree = pair.tandemIsPrimary() ? "FREE" : "BACKUP";
        Eventually.awaitTrue(address + " " + ownFree + " on Tandem at once, never RELEASED", IscTandemPair.PAIR_WAIT,
                () -> pair.tandem().lease(address).map(LeaseView::state).equals(Optional.of(ownFree)),
                pair::bothViews);
        OfferChooser.Exchange again = chooser.exchange(macs.get(1), 0, address, tandem);
        assertEquals("the rewound lease is given again: " + again, Optional.of(address + " " + tandem),
                again.acknowledged());
        return address;
    }

    private static boolean activeOn(Optional<LeaseView> lease, String mac) {
        return lease.isPresent() && lease.get().state().equals("ACTIVE") && lease.get().mac().equalsIgnoreCase(mac);
    }
}

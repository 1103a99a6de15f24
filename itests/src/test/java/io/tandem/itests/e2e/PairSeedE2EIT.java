package io.tandem.itests.e2e;

import static io.tandem.itests.e2e.TandemPair.PRIMARY_ADDRESS;
import static io.tandem.itests.e2e.TandemPair.SECONDARY_ADDRESS;
import static org.junit.Assert.assertEquals;

import io.tandem.itests.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The scenario this project was started for (failover-protocol.md §6), with two Tandems and load balancing on: a
 * returning client whose old lease sits in the peer's free state. ISC dhcpd's primary, finding the client's lease
 * BACKUP ("not mine to allocate"), offered it a new address while the secondary offered the old one, and both
 * databases filled with leases carrying the client's identity. Here:
 * <ul>
 *   <li>the old lease BACKUP on the primary (the secondary's), the client hashing to the secondary: lease
 *       affinity put it there when it expired;</li>
 *   <li>the mirror: the old lease FREE on the secondary (the primary's), the client hashing to the primary;</li>
 * </ul>
 * each returning with {@code secs} 0 (only the server of its hash bucket answers) and with {@code secs} above load
 * balance max seconds (both may answer). Only the server that owns the old lease offers, and it offers the old
 * lease; the client takes whatever it is offered. Afterwards the client holds exactly that one lease on each
 * server, and the pair audit (identities, bindings, states and time fields) is clean both ways.
 */
public class PairSeedE2EIT {

    /** Long enough for the checks after the returns: a lease the secondary gives back lasts MCLT (the MCLT rule). */
    private static final int MCLT_SECONDS = 60;
    private static final int LOAD_BALANCE_MAX_SECONDS = 3;
    private static final Duration RETURN_WAIT = Duration.ofSeconds(150);

    private static TandemPair pair;
    private static OfferChooser chooser;

    @BeforeClass
    public static void startPair() throws Exception {
        Preconditions.require(Map.of("python3", "python3"));
        pair = new TandemPair("tdms", Path.of("target/e2e-pair-seed"), "192.0.2.100-192.0.2.139", MCLT_SECONDS,
                LOAD_BALANCE_MAX_SECONDS).start();
        chooser = new OfferChooser(new CraftedDhcp(pair.directory("probe")), pair.clientNamespace(),
                pair.clientInterface());
    }

    @AfterClass
    public static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    private static OfferChooser.Exchange exchange(String mac, int secs, String requested, String preferred) {
        return chooser.exchange(mac, secs, requested, preferred);
    }

    /** The server that answers {@code mac}'s DISCOVER with secs 0: the one whose hash buckets hold it. */
    private static String serverOfBucket(String mac) {
        List<String> offers = exchange(mac, 0, "-", "nobody").offers();
        assertEquals("exactly one server answers secs 0 with load balancing on: " + offers, 1, offers.size());
        return offers.get(0).split(" ")[1];
    }

    /** MACs counting up from {@code first} until {@code count} hash to {@code server}. */
    private static List<String> macsOf(String server, int first, int count) {
        List<String> macs = new ArrayList<>();
        for (int n = first; macs.size() < count; n++) {
            String mac = String.format("02:00:00:5e:%02x:%02x", n >> 8, n & 0xff);
            if (serverOfBucket(mac).equals(server)) {
                macs.add(mac);
            }
        }
        return macs;
    }

    /** Waits until both servers hold {@code address} in {@code state}, still naming {@code mac}. */
    private static void awaitOnBoth(String address, String state, String mac) {
        for (TandemDistribution server : List.of(pair.primary(), pair.secondary())) {
            Eventually.awaitTrue(address + " " + state + " for " + mac + " on " + server.name(), RETURN_WAIT,
                    () -> server.lease(address).map(lease -> lease.state().equals(state) && lease.mac().equals(mac))
                            .orElse(false), pair::bothViews);
        }
    }

    /** The client returns asking for its old lease: only {@code owner} offers, and it offers that lease. */
    private static void returns(String mac, int secs, String oldLease, String owner) {
        OfferChooser.Exchange back = exchange(mac, secs, oldLease, "first");
        assertEquals("secs " + secs + ": only the owner of the old lease offers, and offers it", List.of(oldLease
                + " " + owner), back.offers());
        assertEquals(Optional.of(oldLease + " " + owner), back.acknowledged());
    }

    /** The client's only ACTIVE lease on each server is {@code address}. */
    private static void oneBindingOnEach(String mac, String address) {
        for (TandemDistribution server : List.of(pair.primary(), pair.secondary())) {
            List<String> bound = server.leases().stream()
                    .filter(lease -> lease.mac().equals(mac) && lease.state().equals("ACTIVE"))
                    .map(LeaseView::address).toList();
            assertEquals(mac + "'s bindings on " + server.name() + "\n" + pair.bothViews(), List.of(address), bound);
        }
    }

    @Test
    public void aReturningClientIsOfferedOnlyItsOldLeaseByTheServerThatOwnsIt() {
        pair.awaitConverged();
        List<String> toSecondary = macsOf(SECONDARY_ADDRESS, 1, 2);
        List<String> toPrimary = macsOf(PRIMARY_ADDRESS, 1, 2);

        // Each client's first lease; it ends after MCLT (the MCLT rule), and nobody renews it.
        Map<String, String> oldLeases = new LinkedHashMap<>();
        toSecondary.forEach(mac -> oldLeases.put(mac, chooser.leaseFrom(SECONDARY_ADDRESS, mac)));
        toPrimary.forEach(mac -> oldLeases.put(mac, chooser.leaseFrom(PRIMARY_ADDRESS, mac)));
        // Expired and acknowledged, each comes back free with its client kept: the secondary's clients' leases as
        // BACKUP (lease affinity on the primary), the primary's clients' leases as FREE.
        toSecondary.forEach(mac -> awaitOnBoth(oldLeases.get(mac), "BACKUP", mac));
        toPrimary.forEach(mac -> awaitOnBoth(oldLeases.get(mac), "FREE", mac));
        pair.awaitConverged();

        // The secondary's clients last: the leases it gives back last only MCLT, and the checks must see them bound.
        returns(toPrimary.get(0), 0, oldLeases.get(toPrimary.get(0)), PRIMARY_ADDRESS);
        returns(toPrimary.get(1), LOAD_BALANCE_MAX_SECONDS + 7, oldLeases.get(toPrimary.get(1)), PRIMARY_ADDRESS);
        returns(toSecondary.get(0), 0, oldLeases.get(toSecondary.get(0)), SECONDARY_ADDRESS);
        returns(toSecondary.get(1), LOAD_BALANCE_MAX_SECONDS + 7, oldLeases.get(toSecondary.get(1)), SECONDARY_ADDRESS);

        pair.awaitConverged();
        oldLeases.forEach(PairSeedE2EIT::oneBindingOnEach);
        pair.assertAuditClean();
    }
}

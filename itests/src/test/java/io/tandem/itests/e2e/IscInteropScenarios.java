package io.tandem.itests.e2e;

import static io.tandem.itests.e2e.IscTandemPair.PAIR_WAIT;
import static io.tandem.itests.e2e.IscTandemPair.PRIMARY_ADDRESS;
import static io.tandem.itests.e2e.IscTandemPair.SECONDARY_ADDRESS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.api.HashBuckets;
import io.tandem.api.model.ClientId;
import io.tandem.itests.Eventually;
import io.tandem.protocol.HardwareAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Test;

/**
 * A real ISC dhcpd 4.4 and Tandem as one failover pair (failover-protocol.md §8), with Tandem in the role each
 * subclass gives it, load balancing on, and real DHCP traffic: the handshake to NORMAL and the pool split, leases
 * granted by either server and learnt by the other with the MCLT rule on both sides, agreement on all 256 hash
 * buckets, a cut link, each server restarted under the other, partner-down and recovery both ways, and the seed
 * scenario. Every test ends with the pair audit: Tandem's store against ISC's lease file, states and times
 * compared.
 *
 * <p>The pair is static: each subclass runs in a JVM of its own (failsafe's {@code isc-interop} execution), the two
 * at once in namespaces of their own.
 */
public abstract class IscInteropScenarios {

    static final int MCLT_SECONDS = 60;
    static final int LOAD_BALANCE_MAX_SECONDS = 3;
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(60);
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    /** How long the retries of a refused connection are counted: Tandem waits about 5 s between two. */
    private static final Duration RETRY_WINDOW = Duration.ofSeconds(30);

    /** Long enough for the first leases of the returning clients to expire (they last MCLT) and come back free. */
    private static final Duration RETURN_WAIT = Duration.ofSeconds(150);

    private static IscTandemPair pair;
    /** Tandem's {@code dhcp:failover} pool row once the fresh pair had split the pool. */
    private static List<String> freshShares;
    /** How many of Tandem's updates ISC had refused when the current test started. */
    private int refusalsBefore;
    private static CraftedDhcp probe;
    private static OfferChooser chooser;

    /** Starts the pair of the subclass: Tandem in its role, started before or after ISC. */
    static void startPair(String prefix, boolean tandemIsPrimary, boolean tandemFirst) throws IOException {
        Preconditions.require(Map.of("python3", "python3", "udhcpc", "udhcpc"));
        pair = new IscTandemPair(prefix, Path.of("target/e2e-" + prefix), tandemIsPrimary, MCLT_SECONDS,
                LOAD_BALANCE_MAX_SECONDS).start(tandemFirst);
        pair.awaitBalanced();
        // No address has been used yet: the primary's first balancing run gives never-used addresses until the
        // shares differ by at most one. What later tests do moves addresses by affinity (see the test below).
        freshShares = Eventually.await("the fresh pool split in half", PAIR_WAIT, () -> {
            List<String> row = pair.tandem().failoverPoolRow(IscTandemPair.SUBNET);
            return shareDifference(row) <= 1 ? Optional.of(row) : Optional.empty();
        }, pair::bothViews);
        probe = new CraftedDhcp(pair.directory("probe"));
        chooser = new OfferChooser(probe, pair.clientNamespace(), pair.clientInterface());
    }

    @AfterClass
    public static void stopPair() {
        if (pair != null) {
            pair.close();
            pair = null;
        }
    }

    /** A test that failed half-way may have left a server stopped or the link cut: each test starts with a pair. */
    @Before
    public void aPairInNormal() {
        pair.restoreAfterFailure();
        refusalsBefore = pair.tandem().updatesRefusedByThePeer().size();
        pair.awaitConverged();
    }

    /**
     * Every test ends with the pair audit clean, and with ISC having refused none of Tandem's binding updates: ISC
     * refuses what its rules forbid (a secondary's ACTIVE -> EXPIRED in NORMAL, reason 2, for one), and a refused
     * update is a lease the two servers see differently until it changes again. (Tandem may refuse one of ISC's as
     * ISC's own primary would: after Tandem restarts as primary, the ISC secondary sends the expiries it made alone
     * meanwhile, which a primary in NORMAL refuses; the lease then ends on the primary and the audit shows the two
     * agree.)
     */
    @After
    public void theAuditIsCleanAndIscRefusedNoneOfTandemsUpdates() {
        pair.assertAuditClean();
        List<String> refused = pair.tandem().updatesRefusedByThePeer();
        // Two updates of one lease crossing (both servers released it at once) duel: the primary refuses the
        // secondary's as less critical (reason 16), as ISC does, and both end the same.
        assertEquals("Tandem's binding updates refused by ISC, duels aside", List.of(),
                refused.subList(Math.min(refusalsBefore, refused.size()), refused.size()).stream()
                        .filter(line -> !line.contains(" reason=16 ")).toList());
    }

    /**
     * Scenario 1: a fresh pair recovers to NORMAL and the primary gives the secondary half the free addresses
     * ({@link #startPair} waits for it). Later the shares drift, and not only by the addresses in use: an
     * address that comes back free goes to the server its last client hashes to (lease affinity), and a balancing
     * run may move such addresses to that server until it holds up to max-lease-ownership (10 % of the pool) more
     * than half; the other server's next run evens the never-used ones out. Other tests may have run first (test
     * order is not fixed), using fewer than 64 addresses: between two runs the shares may differ by up to twice that
     * tolerance, and a pair that never split the pool is far outside it.
     */
    @Test
    public void thePairReachesNormalAndThePrimaryGivesTheSecondaryHalfThePool() {
        // Tandem's bundles only: Karaf's JMX whiteboard now and then logs an MBean registration error at a restart.
        assertEquals("Tandem logs no error", List.of(), pair.tandem().logErrors().stream()
                .filter(line -> line.contains("io.tandem.")).toList());
        assertEquals("the fresh pool's shares: " + freshShares, 1536,
                Integer.parseInt(freshShares.get(2)) + Integer.parseInt(freshShares.get(3)));
        List<String> row = pair.tandem().failoverPoolRow(IscTandemPair.SUBNET);
        int shared = Integer.parseInt(row.get(2)) + Integer.parseInt(row.get(3));
        int hold = (shared * 10 + 50) / 100;
        assertTrue("the shares differ by no more than the ownership tolerance: " + row + "\n" + pair.bothViews(),
                1536 - shared < 64 && shareDifference(row) <= 2 * hold + 1);
    }

    /** How far apart the two shares (FREE and BACKUP) of a {@code dhcp:failover} pool row are. */
    private static int shareDifference(List<String> row) {
        return Math.abs(Integer.parseInt(row.get(2)) - Integer.parseInt(row.get(3)));
    }

    /**
     * Scenarios 9 and 10: sixteen clients with consecutive MACs, each answered by the server its hash bucket names
     * (secs 0), so that each server grants leases; the other learns every one (Tandem shows it ACTIVE with the
     * client's MAC, and the audit compares the rest).
     */
    @Test
    public void eachServerGrantsTheClientsOfItsBucketsAndThePeerLearnsEveryLease() {
        Map<String, String> leases = leasesFromTheServersOfTheirBuckets("02:00:00:20:00:00", 16);
        Set<String> servers = new HashSet<>();
        Set<String> granted = new HashSet<>();
        leases.forEach((mac, grant) -> {
            servers.add(grant.split(" ")[1]);
            granted.add(grant.split(" ")[0] + " " + mac);
        });
        assertEquals("both servers granted leases", Set.of(PRIMARY_ADDRESS, SECONDARY_ADDRESS), servers);
        // While the leases last (MCLT): ISC's lease file holds every one ACTIVE for its client, and the audit,
        // states compared, finds Tandem's store agreeing address by address.
        Eventually.awaitTrue("ISC to hold every lease ACTIVE for its client", CLIENT_WAIT,
                () -> pair.isc().leases().stream().filter(lease -> lease.state().equals("ACTIVE"))
                        .map(lease -> lease.address() + " " + lease.mac()).collect(Collectors.toSet())
                        .containsAll(granted),
                () -> "granted: " + granted + "\n" + pair.bothViews());
        pair.assertAuditClean();
    }

    /**
     * Scenarios 9, 10 and 11 with a real client of each server: the first lease lasts MCLT, as the peer does not
     * know the binding yet; once the peer acknowledged it, a renewal gets the full lease time from the same server.
     */
    @Test
    public void aClientOfEitherServerGetsMcltFirstAndTheFullLeaseWhenItRenews() {
        for (boolean ofTandem : List.of(true, false)) {
            String server = ofTandem ? pair.tandemAddress() : pair.iscAddress();
            String mac = macWithClientIdAnsweredBy(server);
            Topology.freshClientInterface(pair.clientNamespace(), pair.clientInterface(), mac);
            try (Udhcpc client = new Udhcpc(pair.clientNamespace(), pair.clientInterface(),
                    pair.directory("renew-" + mac.replace(':', '-')))) {
                client.start();
                ClientEvents.Event bound = client.events().await(Set.of("bound"), 0, CLIENT_WAIT, client::output);
                assertEquals("the server of the client's bucket answers it", server, bound.server());
                assertEquals("a new lease lasts MCLT", String.valueOf(MCLT_SECONDS), bound.lease());
                Eventually.awaitTrue("Tandem to hold " + bound.ip() + " ACTIVE, acknowledged by ISC", CLIENT_WAIT,
                        () -> acknowledgedOnTandem(bound.ip(), mac), pair::bothViews);
                pair.awaitConverged();

                client.renew();
                ClientEvents.Event renewed = client.events().await(Set.of("renew"), 1, CLIENT_WAIT,
                        client::output);
                assertEquals("the same server renews", server, renewed.server());
                assertEquals("the same address", bound.ip(), renewed.ip());
                assertEquals("the renewal gets the full lease time", "600", renewed.lease());
            }
        }
    }

    /** Scenarios 16 and 17: one client per hash bucket, all 256, without a client identifier. */
    @Test
    public void bothServersAgreeOnAll256BucketsAndBothAnswerAClientTryingLongerThanTheLimit() {
        Map<String, Integer> bucketOf = new LinkedHashMap<>();
        for (long n = 0x020000300000L; bucketOf.size() < HashBuckets.COUNT; n++) {
            String mac = HEX.formatHex(ByteBuffer.allocate(8).putLong(n).array()).substring(6);
            int bucket = HashBuckets.bucketOf(ClientId.fromHardware(HardwareAddress.parseEthernet(mac)));
            if (!bucketOf.containsValue(bucket)) {
                bucketOf.put(mac, bucket);
            }
        }
        Map<String, String> balanced = survey(0, bucketOf.keySet());
        List<String> wrong = new ArrayList<>();
        bucketOf.forEach((mac, bucket) -> {
            String expected = bucket < 128 ? PRIMARY_ADDRESS : SECONDARY_ADDRESS;
            if (!balanced.get(mac).equals(expected)) {
                wrong.add("bucket " + bucket + " (" + mac + "): offers from " + balanced.get(mac) + ", expected only "
                        + expected);
            }
        });
        assertEquals("with secs 0, exactly the server of each bucket offers", List.of(), wrong);

        Map<String, String> unbalanced = survey(LOAD_BALANCE_MAX_SECONDS + 1, bucketOf.keySet());
        unbalanced.forEach((mac, servers) -> {
            if (!Set.of(servers.split(",")).equals(Set.of(PRIMARY_ADDRESS, SECONDARY_ADDRESS))) {
                wrong.add(mac + ": offers from " + servers + ", expected both");
            }
        });
        assertEquals("with secs above load balance max seconds, both offer", List.of(), wrong);
    }

    /**
     * Scenario 5: Tandem configured with a relationship name ISC does not know. Every connection is refused, whoever
     * opened it (ISC refuses Tandem's CONNECT, reason 8, "unknown failover relationship name"; Tandem refuses ISC's,
     * reason 8 too), ISC serves on alone, and the attempts come every few seconds, never in a tight loop (each
     * refusal is a line of ISC's log); once the name is put right, the link returns by itself and the pair is NORMAL.
     */
    @Test
    public void refusedConnectionsAreRetriedAtAPaceAndTheLinkReturnsOnceTheNameIsRight() throws Exception {
        Path file = pair.tandem().home().resolve("etc/io.tandem.failover.cfg");
        String configured = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, configured.replace("relationshipName = ", "relationshipName = not-the-pair\n#"),
                StandardCharsets.UTF_8);
        try {
            pair.awaitIscState("communications-interrupted");
            Eventually.awaitTrue("a connection to be refused", PAIR_WAIT, () -> refusedConnections() > 0,
                    pair::bothViews);
            int first = refusedConnections();
            Thread.sleep(RETRY_WINDOW.toMillis());
            int refused = refusedConnections() - first;
            assertTrue("connections are tried again at a pace: " + refused + " refused in " + RETRY_WINDOW + "\n"
                    + pair.bothViews(), refused >= 2 && refused <= 20);
        } finally {
            Files.writeString(file, configured, StandardCharsets.UTF_8);
        }
        pair.awaitConverged();
    }

    /** Connections refused for the relationship's name, as ISC logs them: Tandem's by ISC, and ISC's by Tandem. */
    private static int refusedConnections() {
        return pair.isc().count("Failover CONNECT from not-the-pair: unknown failover relationship name")
                + pair.isc().count("Failover CONNECT to " + IscTandemPair.RELATIONSHIP
                        + " rejected: Connection rejected, invalid failover partner");
    }

    /** Scenario 23: both servers interrupted; the lease the primary grants meanwhile reaches the secondary after. */
    @Test
    public void aLeaseGrantedWhileTheLinkIsCutReachesThePeerWhenItReturns() {
        pair.secondaryPort(false);
        String address;
        String mac = "02:00:00:40:00:01";
        try {
            pair.awaitTandem("COMMUNICATIONS_INTERRUPTED since", TandemPair.LINK_DOWN);
            pair.awaitIscState("communications-interrupted");
            List<String> lines = probe.run(pair.clientNamespace(), "storm", pair.clientInterface(), mac, "1");
            assertTrue("the primary, the only server reachable, grants a lease: " + lines,
                    lines.size() == 1 && lines.get(0).startsWith("ACK ") && lines.get(0).endsWith(PRIMARY_ADDRESS));
            address = lines.get(0).split(" ")[1];
        } finally {
            pair.secondaryPort(true);
        }
        pair.awaitConverged();
        Eventually.awaitTrue("Tandem to hold " + address + " ACTIVE, acknowledged", PAIR_WAIT,
                () -> acknowledgedOnTandem(address, mac), pair::bothViews);
    }

    /** Scenario 28 (and 26, as far as ISC announces its stop): ISC stopped and started again under Tandem. */
    @Test
    public void iscStoppedAndStartedAgainComesBackToNormal() {
        pair.isc().stop();
        pair.awaitTandem(TandemPair.LINK_DOWN);
        pair.isc().start();
        pair.awaitConverged();
    }

    /**
     * Scenario 25, Tandem the survivor: ISC stops, the operator declares it down on Tandem, which then serves every
     * client; ISC, started again, finds Tandem in PARTNER-DOWN and recovers every binding from it (RECOVER,
     * UPDREQALL, RECOVER-WAIT until MCLT has passed) before both return to NORMAL, the lease granted meanwhile known
     * to ISC.
     */
    @Test
    public void iscRecoversFromTandemInPartnerDown() {
        pair.isc().stop();
        pair.awaitTandem("COMMUNICATIONS_INTERRUPTED since", TandemPair.LINK_DOWN);
        String said = pair.tandem().console("dhcp:failover partner-down --confirm");
        assertTrue(said, said.contains("partner-down requested"));
        pair.awaitTandem("PARTNER_DOWN since");
        String mac = "02:00:00:70:00:01";
        String address = leaseFromTandemAlone(mac);

        int recoveriesBefore = pair.isc().count("I move from recover to ");
        pair.isc().start();
        pair.awaitConverged();
        assertTrue("ISC recovered from Tandem\n" + pair.isc().logTail(),
                pair.isc().count("I move from recover to ") > recoveriesBefore);
        Eventually.awaitTrue("ISC to hold " + address + " ACTIVE for " + mac, PAIR_WAIT,
                () -> pair.isc().lease(address).filter(lease -> lease.state().equals("ACTIVE")
                        && lease.mac().equals(mac)).isPresent(), pair::bothViews);
        leasesFromTheServersOfTheirBuckets("02:00:00:90:00:00", 4);
    }

    /**
     * Scenario 25, ISC the survivor: Tandem stops, ISC is put into partner-down as its operator does it (stopped,
     * {@code my state partner-down} appended to its lease file, started); Tandem, started again, finds ISC in
     * PARTNER-DOWN and recovers every binding from it before both return to NORMAL.
     */
    @Test
    public void tandemRecoversFromIscInPartnerDown() {
        pair.tandem().stop();
        pair.awaitIscState("communications-interrupted");
        pair.restartIscInPartnerDown();

        int recoveriesBefore = pair.tandem().logLines("from=RECOVER ").size();
        pair.tandem().start();
        pair.awaitConverged();
        assertTrue("Tandem recovered from ISC\n" + pair.tandem().logTail(),
                pair.tandem().logLines("from=RECOVER ").size() > recoveriesBefore);
        leasesFromTheServersOfTheirBuckets("02:00:00:a0:00:00", 4);
    }

    /**
     * Scenario 25 across a cut link: both servers are interrupted, ISC is declared partner-down meanwhile, and when
     * the link returns Tandem, interrupted rather than stopped, resolves the potential conflict with it (UPDREQ and
     * UPDDONE both ways, CONFLICT-DONE) before both return to NORMAL; then each serves the clients of its buckets
     * again. (Tandem's secondary once allocated nothing after this, until its own state changed again.)
     */
    @Test
    public void aConflictAfterPartnerDownAcrossACutLinkIsResolvedAndBothServeAgain() {
        int conflictsBefore = pair.tandem().logLines("to=POTENTIAL_CONFLICT ").size();
        pair.secondaryPort(false);
        try {
            pair.awaitTandem("COMMUNICATIONS_INTERRUPTED since", TandemPair.LINK_DOWN);
            pair.awaitIscState("communications-interrupted");
            pair.restartIscInPartnerDown();
        } finally {
            pair.secondaryPort(true);
        }
        pair.awaitConverged();
        assertTrue("Tandem resolved a potential conflict\n" + pair.tandem().logTail(),
                pair.tandem().logLines("to=POTENTIAL_CONFLICT ").size() > conflictsBefore);

        leasesFromTheServersOfTheirBuckets("02:00:00:80:00:00", 8);
    }

    /** Scenario 27: Tandem stopped and started again under ISC. */
    @Test
    public void tandemStoppedAndStartedAgainComesBackToNormal() {
        pair.tandem().stop();
        pair.awaitIscState("communications-interrupted");
        pair.tandem().start();
        pair.awaitConverged();
    }

    /**
     * The report this project started from (§6.1, §6.4; scenarios 18-20), ISC on one side: clients of both
     * servers' buckets get a first lease, let it expire unrenewed, and return asking for it, with secs 0 and with
     * secs above load balance max seconds. Expiry and lease affinity leave each old lease free with its client
     * kept, BACKUP for the secondary's clients and FREE for the primary's, so that its owner gives it back. Tandem
     * never offers a returning client a new address, and offers the old lease whenever it owns it and answers;
     * each client taking the old lease from its owner ends with that one lease carrying its identity on both
     * servers, which agree on it (the audit after the test compares the times).
     *
     * <p>One more client of Tandem's buckets shows what ISC does in its place (§6.4): trying longer than load
     * balance max seconds, it is offered a new address by ISC beside its old lease by Tandem, and takes ISC's. It
     * ends bound there on both servers, its old lease still free under its identity on both: the second entry of
     * the report, made by ISC's offer, never a second binding.
     */
    @Test
    public void aReturningClientIsGivenItsOldLeaseAndEndsWithOneLeaseOnBothServers() {
        List<String> toSecondary = macsAnsweredBy(SECONDARY_ADDRESS, pair.tandemIsPrimary() ? 2 : 3);
        List<String> toPrimary = macsAnsweredBy(PRIMARY_ADDRESS, pair.tandemIsPrimary() ? 3 : 2);
        Map<String, String> oldLeases = new LinkedHashMap<>();
        toSecondary.forEach(mac -> oldLeases.put(mac, chooser.leaseFrom(SECONDARY_ADDRESS, mac)));
        toPrimary.forEach(mac -> oldLeases.put(mac, chooser.leaseFrom(PRIMARY_ADDRESS, mac)));
        toSecondary.forEach(mac -> awaitOnBoth(oldLeases.get(mac), "BACKUP", mac));
        toPrimary.forEach(mac -> awaitOnBoth(oldLeases.get(mac), "FREE", mac));
        pair.awaitConverged();

        // The secondary's clients last: the leases it gives back last only MCLT, and the checks must see them bound.
        returns(toPrimary.get(0), 0, oldLeases.get(toPrimary.get(0)), PRIMARY_ADDRESS);
        returns(toPrimary.get(1), LOAD_BALANCE_MAX_SECONDS + 7, oldLeases.get(toPrimary.get(1)), PRIMARY_ADDRESS);
        returns(toSecondary.get(0), 0, oldLeases.get(toSecondary.get(0)), SECONDARY_ADDRESS);
        returns(toSecondary.get(1), LOAD_BALANCE_MAX_SECONDS + 7, oldLeases.get(toSecondary.get(1)),
                SECONDARY_ADDRESS);

        String mac = (pair.tandemIsPrimary() ? toPrimary : toSecondary).get(2);
        String oldLease = oldLeases.remove(mac);
        String iscsAddress = takesIscsNewAddress(mac, oldLease);
        awaitOnBoth(iscsAddress, "ACTIVE", mac);
        List<String> both = List.of(oldLease + " " + (pair.tandemIsPrimary() ? "FREE" : "BACKUP"),
                iscsAddress + " ACTIVE");
        assertEquals(mac + "'s leases on Tandem", sorted(both), sorted(leasesOf(mac, pair.tandem().leases())));
        assertEquals(mac + "'s leases on ISC", sorted(both), sorted(leasesOf(mac, pair.isc().leases())));

        pair.awaitConverged();
        oldLeases.forEach(IscInteropScenarios::theOnlyLeaseOfItsClientOnBoth);
    }

    /**
     * Scenario 14: a client releases its lease to the server that did not grant it (the one it last heard from, say);
     * that server knows the binding from its peer and releases it, the granting server accepts the release, and the
     * lease ends free on both, the primary's for a client of its buckets, the secondary's for one of the secondary's
     * (affinity). Each way: a lease granted by Tandem released to ISC, and one granted by ISC released to Tandem.
     */
    @Test
    public void aReleaseToTheServerThatDidNotGrantTheLeaseEndsItOnBoth() {
        for (String granter : List.of(pair.tandemAddress(), pair.iscAddress())) {
            String other = granter.equals(pair.tandemAddress()) ? pair.iscAddress() : pair.tandemAddress();
            String mac = macsAnsweredBy("02:00:00:61", granter, 1).get(0);
            String address = chooser.leaseFrom(granter, mac);
            awaitOnBoth(address, "ACTIVE", mac);
            pair.awaitConverged();

            release(mac, address, other, other);

            awaitOnBoth(address, granter.equals(PRIMARY_ADDRESS) ? "FREE" : "BACKUP", mac);
        }
    }

    /**
     * Scenario 15: a broadcast DHCPRELEASE reaches both servers (ISC acts on a release whatever server it names), so
     * both release the lease at once and their updates cross. The lease ends free on both, the same.
     */
    @Test
    public void aLeaseReleasedOnBothServersAtOnceEndsTheSameOnBoth() {
        String mac = macsAnsweredBy("02:00:00:62", PRIMARY_ADDRESS, 1).get(0);
        String address = chooser.leaseFrom(PRIMARY_ADDRESS, mac);
        awaitOnBoth(address, "ACTIVE", mac);
        pair.awaitConverged();

        release(mac, address, pair.tandemAddress(), "broadcast");

        awaitOnBoth(address, "FREE", mac);
    }

    /**
     * The client {@code mac} bound to {@code address} releases it naming {@code server}, sent to {@code destination}:
     * "broadcast", or a server's address (the client interface holds {@code address} meanwhile, as a client's
     * would).
     */
    private static void release(String mac, String address, String server, String destination) {
        boolean unicast = !destination.equals("broadcast");
        if (unicast) {
            Topology.in(pair.clientNamespace(), "ip", "addr", "add", address + "/21", "dev", pair.clientInterface());
        }
        try {
            probe.run(pair.clientNamespace(), "release", pair.clientInterface(), mac, address, server, destination);
        } finally {
            if (unicast) {
                Topology.in(pair.clientNamespace(), "ip", "addr", "del", address + "/21", "dev",
                        pair.clientInterface());
            }
        }
    }

    /**
     * A client of Tandem's buckets returns trying longer than load balance max seconds: Tandem offers its old lease,
     * ISC a new address, which the client takes. Returns ISC's address.
     */
    private static String takesIscsNewAddress(String mac, String oldLease) {
        OfferChooser.Exchange back = chooser.exchange(mac, LOAD_BALANCE_MAX_SECONDS + 7, oldLease, pair.iscAddress());
        assertTrue("Tandem offers the old lease it owns: " + back,
                back.offers().contains(oldLease + " " + pair.tandemAddress()));
        String iscsOffer = back.offers().stream().filter(offer -> offer.endsWith(" " + pair.iscAddress()))
                .findFirst().orElseThrow(() -> new AssertionError("ISC offers too (§6.4): " + back));
        String address = iscsOffer.split(" ")[0];
        assertTrue("ISC offers a new address (§6.4): " + back, !address.equals(oldLease));
        assertEquals(Optional.of(iscsOffer), back.acknowledged());
        return address;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** The client returns asking for its old lease and REQUESTs it from {@code owner}, the server that owns it. */
    private static void returns(String mac, int secs, String oldLease, String owner) {
        OfferChooser.Exchange back = chooser.exchange(mac, secs, oldLease, owner);
        for (String offer : back.offers()) {
            if (offer.endsWith(" " + pair.tandemAddress())) {
                assertEquals("Tandem offers a returning client its old lease or nothing: " + back,
                        oldLease + " " + pair.tandemAddress(), offer);
            }
        }
        boolean tandemAnswers = secs > LOAD_BALANCE_MAX_SECONDS
                || answererOf(ClientId.fromHardware(HardwareAddress.parseEthernet(mac))).equals(pair.tandemAddress());
        if (owner.equals(pair.tandemAddress()) && tandemAnswers) {
            assertTrue("Tandem offers the old lease it owns: " + back,
                    back.offers().contains(oldLease + " " + pair.tandemAddress()));
        }
        assertEquals("the client gets its old lease from its owner: " + back, Optional.of(oldLease + " " + owner),
                back.acknowledged());
    }

    /** Waits until both servers hold {@code address} in {@code state}, still naming {@code mac}. */
    private static void awaitOnBoth(String address, String state, String mac) {
        Eventually.awaitTrue(address + " " + state + " for " + mac + " on both servers", RETURN_WAIT,
                () -> Stream.of(pair.tandem().lease(address), pair.isc().lease(address))
                        .allMatch(lease -> lease.filter(l -> l.state().equals(state) && l.mac().equals(mac))
                                .isPresent()), pair::bothViews);
    }

    /** {@code address} ACTIVE for {@code mac} on both servers, and no other lease of either names {@code mac}. */
    private static void theOnlyLeaseOfItsClientOnBoth(String mac, String address) {
        assertEquals(mac + "'s leases on Tandem\n" + pair.bothViews(), List.of(address + " ACTIVE"),
                leasesOf(mac, pair.tandem().leases()));
        assertEquals(mac + "'s leases in ISC's lease file\n" + pair.bothViews(), List.of(address + " ACTIVE"),
                leasesOf(mac, pair.isc().leases()));
    }

    private static List<String> leasesOf(String mac, List<LeaseView> leases) {
        return leases.stream().filter(lease -> lease.mac().equals(mac))
                .map(lease -> lease.address() + " " + lease.state()).toList();
    }

    /** {@code count} MACs, counting up, whose DISCOVER without a client identifier {@code server} answers. */
    private static List<String> macsAnsweredBy(String server, int count) {
        return macsAnsweredBy("02:00:00:60", server, count);
    }

    /** As {@link #macsAnsweredBy(String, int)}, the MACs starting with {@code prefix} (four bytes), one per test. */
    static List<String> macsAnsweredBy(String prefix, String server, int count) {
        List<String> macs = new ArrayList<>();
        for (int n = 1; macs.size() < count; n++) {
            String mac = prefix + ":%02x:%02x".formatted(n >> 8, n & 0xff);
            if (answererOf(ClientId.fromHardware(HardwareAddress.parseEthernet(mac))).equals(server)) {
                macs.add(mac);
            }
        }
        return macs;
    }

    /**
     * {@code count} clients with consecutive MACs from {@code firstMac}, one after the other, each DISCOVER (secs 0)
     * and REQUEST: every one must be acknowledged by the server of its hash bucket. Returns each MAC's
     * {@code "ADDRESS SERVER"}.
     */
    private static Map<String, String> leasesFromTheServersOfTheirBuckets(String firstMac, int count) {
        List<String> lines = probe.run(pair.clientNamespace(), "storm", pair.clientInterface(), firstMac,
                String.valueOf(count));
        Map<String, String> leases = new LinkedHashMap<>();
        for (String line : lines) {
            assertTrue("every client gets a lease: " + lines + "\n" + pair.bothViews(), line.startsWith("ACK "));
            String[] words = line.split(" ");
            String expected = answererOf(ClientId.fromHardware(HardwareAddress.parseEthernet(words[2])));
            assertEquals("the server of " + words[2] + "'s bucket answers it: " + lines, expected, words[3]);
            leases.put(words[2], words[1] + " " + words[3]);
        }
        assertEquals("a line per client: " + lines, count, leases.size());
        return leases;
    }

    /** A lease from Tandem, the only server answering: a DISCOVER and a REQUEST from {@code mac}; its address. */
    private static String leaseFromTandemAlone(String mac) {
        List<String> lines = probe.run(pair.clientNamespace(), "storm", pair.clientInterface(), mac, "1");
        assertTrue("Tandem grants a lease: " + lines, lines.size() == 1 && lines.get(0).startsWith("ACK ")
                && lines.get(0).endsWith(" " + pair.tandemAddress()));
        return lines.get(0).split(" ")[1];
    }

    private static boolean acknowledgedOnTandem(String address, String mac) {
        String lease = pair.tandem().console("dhcp:lease " + address);
        return lease.contains("ACTIVE") && lease.contains(mac) && lease.contains("peer acknowledged: yes");
    }

    /** The server that answers a DISCOVER with secs 0 from {@code client}: the primary holds buckets 0-127. */
    private static String answererOf(ClientId client) {
        return HashBuckets.bucketOf(client) < 128 ? PRIMARY_ADDRESS : SECONDARY_ADDRESS;
    }

    /** A MAC whose client identifier as udhcpc sends it (type 1 and the MAC) hashes to {@code server}. */
    private static String macWithClientIdAnsweredBy(String server) {
        return macWithClientIdAnsweredBy(server, 1);
    }

    /** As {@link #macWithClientIdAnsweredBy(String)}, the first from the {@code from}th candidate MAC on. */
    static String macWithClientIdAnsweredBy(String server, int from) {
        for (int n = from; ; n++) {
            String mac = "02:00:00:50:%02x:%02x".formatted(n >> 8, n & 0xff);
            byte[] id = new byte[7];
            id[0] = 1;
            System.arraycopy(HardwareAddress.parseEthernet(mac).bytes(), 0, id, 1, 6);
            if (answererOf(ClientId.fromClientIdentifier(id)).equals(server)) {
                return mac;
            }
        }
    }

    /** Each MAC's DISCOVER with {@code secs}: the servers that offered, comma-separated, or "-". */
    private static Map<String, String> survey(int secs, Set<String> macs) {
        List<String> arguments = new ArrayList<>(List.of("survey", pair.clientInterface(), String.valueOf(secs)));
        arguments.addAll(macs);
        Map<String, String> offers = new LinkedHashMap<>();
        for (String line : probe.run(pair.clientNamespace(), arguments.toArray(String[]::new))) {
            String[] words = line.split(" ");
            offers.put(words[1], words[2]);
        }
        assertEquals("a line per client", macs, offers.keySet());
        return offers;
    }
}

package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A failover pair of a real ISC dhcpd 4.4 and a Tandem distribution on a {@link PairLan}, Tandem in either role:
 * the primary at 10.90.0.1, the secondary at 10.90.0.2, on 10.90.0.0/21 with a pool of 1,536 addresses (enough for
 * both servers to offer 256 clients at once). The checks are an operator's: ISC's log for its states, Tandem's
 * {@code dhcp:failover}, and Tandem's {@code dhcp:failover-audit} reading ISC's {@code dhcpd.leases}.
 */
final class IscTandemPair extends PairUnderTest {

    static final String PRIMARY_ADDRESS = "10.90.0.1";
    static final String SECONDARY_ADDRESS = "10.90.0.2";
    static final String SUBNET = "10.90.0.0/21";
    static final String POOL = "10.90.1.0-10.90.6.255";
    static final String RELATIONSHIP = "isc-tandem";
    static final Duration PAIR_WAIT = Duration.ofSeconds(120);

    private final boolean tandemIsPrimary;
    private final boolean syncLink;
    private TandemDistribution tandem;
    private IscFailoverPeer isc;
    private int audits;

    /**
     * @param prefix the names of the namespaces and interfaces, at most 8 characters
     * @param work a directory of the test's own, emptied first
     * @param tandemIsPrimary Tandem's role: primary, or secondary
     * @param mcltSeconds the MCLT the primary announces
     * @param loadBalanceMaxSeconds both servers' load balance max seconds
     */
    IscTandemPair(String prefix, Path work, boolean tandemIsPrimary, int mcltSeconds, int loadBalanceMaxSeconds) {
        this(prefix, work, tandemIsPrimary, mcltSeconds, loadBalanceMaxSeconds, false);
    }

    /**
     * As the constructor above; with {@code syncLink} the relationship runs over a link of the servers' own
     * ({@link PairLan#withSyncLink}), which {@link #syncLink} cuts while clients still reach both.
     */
    IscTandemPair(String prefix, Path work, boolean tandemIsPrimary, int mcltSeconds, int loadBalanceMaxSeconds,
            boolean syncLink) {
        this(prefix, work, tandemIsPrimary, mcltSeconds, loadBalanceMaxSeconds, syncLink, POOL);
    }

    /** As the constructor above, with a pool of its own ({@code FIRST-LAST} inside {@link #SUBNET}). */
    IscTandemPair(String prefix, Path work, boolean tandemIsPrimary, int mcltSeconds, int loadBalanceMaxSeconds,
            boolean syncLink, String pool) {
        super(syncLink ? new PairLan(prefix, PRIMARY_ADDRESS + "/21", SECONDARY_ADDRESS + "/21").withSyncLink()
                : new PairLan(prefix, PRIMARY_ADDRESS + "/21", SECONDARY_ADDRESS + "/21"), new PairSettings(
                RELATIONSHIP, SUBNET, pool, PRIMARY_ADDRESS, mcltSeconds, loadBalanceMaxSeconds, 10, 600), work);
        this.syncLink = syncLink;
        this.tandemIsPrimary = tandemIsPrimary;
    }

    /**
     * Builds the LAN and starts both servers with empty databases, {@code tandemFirst} deciding which one starts
     * first (and so which one's connection to port 647 finds the other listening).
     */
    IscTandemPair start(boolean tandemFirst) throws IOException {
        prepare();
        String tandemRole = tandemIsPrimary ? "primary" : "secondary";
        String iscRole = tandemIsPrimary ? "secondary" : "primary";
        tandem = new TandemDistribution(DhcpClientsE2EIT.distribution(), work.resolve("tandem"),
                tandemIsPrimary ? lan.primaryNamespace() : lan.secondaryNamespace(),
                settings.tandemEtc(tandemIsPrimary ? lan.primaryInterface() : lan.secondaryInterface(), tandemRole,
                        failoverAddress(tandemIsPrimary), failoverAddress(!tandemIsPrimary)));
        isc = new IscFailoverPeer(work.resolve("isc"),
                tandemIsPrimary ? lan.secondaryNamespace() : lan.primaryNamespace(),
                tandemIsPrimary ? lan.secondaryInterface() : lan.primaryInterface(), settings.relationship(),
                settings.iscConfig(iscRole, failoverAddress(!tandemIsPrimary), failoverAddress(tandemIsPrimary)));
        try {
            if (tandemFirst) {
                tandem.start();
                isc.start();
            } else {
                isc.start();
                tandem.start();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private static String address(boolean primary) {
        return primary ? PRIMARY_ADDRESS : SECONDARY_ADDRESS;
    }

    /** Where the relationship runs: the sync link if the pair has one, else the LAN. */
    private String failoverAddress(boolean primary) {
        return !syncLink ? address(primary) : primary ? PairLan.SYNC_PRIMARY : PairLan.SYNC_SECONDARY;
    }

    TandemDistribution tandem() {
        return tandem;
    }

    IscFailoverPeer isc() {
        return isc;
    }

    boolean tandemIsPrimary() {
        return tandemIsPrimary;
    }

    /** The address clients see as the server identifier of Tandem's replies. */
    String tandemAddress() {
        return address(tandemIsPrimary);
    }

    String iscAddress() {
        return address(!tandemIsPrimary);
    }

    /** Waits until Tandem's {@code dhcp:failover} shows every one of {@code lines}. */
    void awaitTandem(String... lines) {
        tandem.awaitFailover(PAIR_WAIT, this::bothViews, lines);
    }

    /** Waits until ISC's log says it is in {@code state} and its peer in {@code peerState} (ISC's words). */
    void awaitIsc(String state, String peerState) {
        Eventually.awaitTrue("ISC dhcpd to be " + state + " with its peer " + peerState, PAIR_WAIT,
                () -> isc.state().equals(Optional.of(state)) && isc.peerState().equals(Optional.of(peerState)),
                this::bothViews);
    }

    /** Waits until ISC's log says it is in {@code state}, in ISC's words. */
    void awaitIscState(String state) {
        Eventually.awaitTrue("ISC dhcpd to be " + state, PAIR_WAIT, () -> isc.state().equals(Optional.of(state)),
                this::bothViews);
    }

    /**
     * Puts ISC into partner-down its operator's way (stopped, the state appended to its lease file, started) and
     * waits until it says so.
     */
    void restartIscInPartnerDown() {
        isc.stop();
        isc.declarePartnerDown();
        isc.start();
        awaitIscState("partner-down");
    }

    /** Cuts or restores the relationship's own link (a pair built with one): both servers keep their clients. */
    void syncLink(boolean up) {
        lan.syncLink(up);
    }

    /** Brings back what a failed test may have left behind: the secondary's port down, a server stopped. */
    void restoreAfterFailure() {
        lan.secondaryPort(true);
        if (!tandem.running()) {
            tandem.start();
        }
        if (!isc.running()) {
            isc.start();
        }
    }

    /** Waits until both servers are NORMAL and linked, and Tandem holds no change ISC has not acknowledged. */
    void awaitConverged() {
        awaitTandem("state:                  NORMAL since", "peer state:             NORMAL", TandemPair.LINK_UP,
                TandemPair.CONVERGED);
        awaitIsc("normal", "normal");
    }

    /**
     * After a start: both servers NORMAL, the secondary holding its share of the pool (BACKUP) as Tandem sees it,
     * and nothing unacknowledged. The primary balances the pool as it enters NORMAL, hundreds of binding updates a
     * test that cuts the link at once would leave in flight, the secondary with nothing to give.
     */
    void awaitBalanced() {
        awaitConverged();
        Eventually.awaitTrue("the secondary's share of the pool (BACKUP) to reach Tandem's store", PAIR_WAIT,
                () -> Integer.parseInt(tandem.failoverPoolRow(SUBNET).get(3)) > 0, this::bothViews);
        awaitConverged();
    }

    /** The pair audit: Tandem's store against ISC's lease file, on Tandem's console; see {@link RepeatedAudit}. */
    void assertAuditClean() {
        RepeatedAudit.assertClean(this::awaitConverged, () -> {
            audits++;
            return tandem.auditAgainst(isc.leaseFileSnapshot(work.resolve("isc-" + audits + ".leases")));
        }, this::bothViews);
    }

    /** What each server says of the pair, for a failure message. */
    String bothViews() {
        StringBuilder views = new StringBuilder("--- ").append(tandem.name()).append('\n');
        if (tandem.running()) {
            views.append(tandem.read("dhcp:failover")).append(tandem.read("dhcp:leases --state ACTIVE"));
        }
        views.append(tandem.logTail()).append('\n').append(isc.logTail()).append('\n');
        return views.toString();
    }

    @Override
    void killServers() {
        if (tandem != null) {
            tandem.kill();
        }
        if (isc != null) {
            isc.kill();
        }
    }
}

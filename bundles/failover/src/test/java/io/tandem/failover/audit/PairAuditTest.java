package io.tandem.failover.audit;

import static io.tandem.isc.Leases.active;
import static io.tandem.isc.Leases.at;
import static io.tandem.isc.Leases.client;
import static io.tandem.isc.Leases.ip;
import static io.tandem.isc.Leases.lease;
import static io.tandem.isc.Leases.mac;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.isc.Leases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairAuditTest {

    static final Subnet LAN = Subnet.parse("10.0.0.0/24", List.of());
    static final Subnet LAB = Subnet.parse("10.0.1.0/24", List.of());
    private final PairAudit audit = new PairAudit(List.of(LAN, LAB));

    private static Lease free(String address) {
        return lease(address, BindingState.FREE, -1).build();
    }

    @Test
    void identicalDatabasesAreClean() {
        List<Lease> leases = List.of(active("10.0.0.1", 1), free("10.0.0.2"),
                lease("10.0.0.3", BindingState.BACKUP, 3).build(), lease("10.0.0.4", BindingState.RELEASED, 4).build(),
                Lease.builder(ip("10.0.0.5")).state(BindingState.ABANDONED).build());

        assertThat(audit.audit(leases, leases, true)).isEmpty();
        assertThat(audit.audit(List.of(), List.of(), true)).isEmpty();
    }

    @Test
    void aConvergedIscPairIsCleanThoughTstpAndClttDiffer() {
        // The primary acknowledged the client at T0 and sent potential expiry T0+900: the secondary recorded it as
        // tsfp/atsfp and kept its own older tstp and cltt (a received BNDUPD sets neither).
        Lease writer = active("10.0.0.1", 1);
        Lease receiver = writer.toBuilder().tstp(at(-3000)).cltt(at(-3600)).build();
        // Expired by the primary at its ends (T0+600): the EXPIRED update carried the potential expiry of the
        // ACK (T0+900), which both recorded; once acknowledged the primary's FREE lease has tstp = ends.
        Lease expiredWriter = lease("10.0.0.2", BindingState.FREE, 2).tstp(at(600)).build();
        Lease expiredReceiver = expiredWriter.toBuilder().tstp(at(300)).cltt(at(-50)).build();

        assertThat(audit.audit(List.of(writer, expiredWriter), List.of(receiver, expiredReceiver), true)).isEmpty();
    }

    @Test
    void aClientActiveTwiceOnOneServerIsADuplicateBinding() {
        List<Lease> leases = List.of(active("10.0.0.1", 1), active("10.0.0.7", 1));

        assertThat(audit.audit(leases, leases, true)).containsExactly(new DuplicateBinding(client(1),
                Optional.of(LAN), List.of(new Holding(Server.PRIMARY, ip("10.0.0.1"), client(1)),
                        new Holding(Server.SECONDARY, ip("10.0.0.1"), client(1)),
                        new Holding(Server.PRIMARY, ip("10.0.0.7"), client(1)),
                        new Holding(Server.SECONDARY, ip("10.0.0.7"), client(1)))));
    }

    @Test
    void aClientActiveOnOneAddressPerServerIsADuplicateBindingAcrossThePair() {
        // COMMUNICATIONS-INTERRUPTED (§6.5 point 5): each server bound the client from its own pool.
        List<Finding> findings = audit.audit(List.of(active("10.0.0.1", 1)), List.of(active("10.0.0.9", 1)), false);

        assertThat(findings).hasSize(3);
        assertThat(findings.get(0)).isEqualTo(new DuplicateBinding(client(1), Optional.of(LAN),
                List.of(new Holding(Server.PRIMARY, ip("10.0.0.1"), client(1)),
                        new Holding(Server.SECONDARY, ip("10.0.0.9"), client(1)))));
        assertThat(findings.get(0).description()).isEqualTo("hw:1:02:00:00:00:00:01 is bound to more than one"
                + " address in 10.0.0.0/24: 10.0.0.1 on the primary, 10.0.0.9 on the secondary");
        assertThat(findings.subList(1, 3)).containsExactly(
                new UnknownToPeer(ip("10.0.0.1"), Server.PRIMARY, client(1), BindingState.ACTIVE),
                new UnknownToPeer(ip("10.0.0.9"), Server.SECONDARY, client(1), BindingState.ACTIVE));
    }

    @Test
    void bindingsInDifferentSharedNetworksAreNotDuplicates() {
        List<Lease> leases = List.of(active("10.0.0.1", 1), active("10.0.1.1", 1));

        assertThat(audit.audit(leases, leases, true)).isEmpty();
        assertThat(new PairAudit(List.of()).audit(leases, leases, true))
                .singleElement().isInstanceOf(DuplicateBinding.class)
                .extracting(finding -> ((DuplicateBinding) finding).network()).isEqualTo(Optional.empty());
    }

    @Test
    void onlyActiveLeasesAreBindings() {
        // §6.4: an ACTIVE lease and a BACKUP lease carrying the same uid are not duplicates.
        List<Lease> leases = List.of(active("10.0.0.1", 1), lease("10.0.0.2", BindingState.BACKUP, 1).build(),
                lease("10.0.0.3", BindingState.EXPIRED, 1).build());

        assertThat(audit.audit(leases, leases, true)).isEmpty();
    }

    @Test
    void anAddressActiveForDifferentClientsOnTheTwoServersIsAConflict() {
        List<Finding> findings = audit.audit(List.of(active("10.0.0.5", 1)), List.of(active("10.0.0.5", 2)), true);

        assertThat(findings).containsExactly(new AddressConflict(ip("10.0.0.5"),
                List.of(new Holding(Server.PRIMARY, ip("10.0.0.5"), client(1)),
                        new Holding(Server.SECONDARY, ip("10.0.0.5"), client(2)))));
        assertThat(findings.get(0).description()).isEqualTo("10.0.0.5 is bound to more than one client:"
                + " hw:1:02:00:00:00:00:01 on the primary, hw:1:02:00:00:00:00:02 on the secondary");
    }

    @Test
    void anAddressActiveForTwoClientsOnOneServerIsAConflict() {
        List<Finding> findings = audit.audit(List.of(active("10.0.0.5", 2), active("10.0.0.5", 1)),
                List.of(active("10.0.0.5", 1)), false);

        assertThat(findings).containsExactly(new AddressConflict(ip("10.0.0.5"),
                List.of(new Holding(Server.PRIMARY, ip("10.0.0.5"), client(1)),
                        new Holding(Server.PRIMARY, ip("10.0.0.5"), client(2)),
                        new Holding(Server.SECONDARY, ip("10.0.0.5"), client(1)))));
    }

    @Test
    void anIdentityThePeerDoesNotKnowForTheAddressIsReportedInAnyPairState() {
        // §6.1: the offered FREE lease took the client's identity and was never sent to the peer.
        Lease offeredThenIgnored = lease("10.0.0.8", BindingState.FREE, 3).build();
        Lease peerCopy = free("10.0.0.8");

        for (boolean normal : new boolean[] {true, false}) {
            assertThat(audit.audit(List.of(offeredThenIgnored), List.of(peerCopy), normal))
                    .containsExactly(new UnknownToPeer(ip("10.0.0.8"), Server.PRIMARY, client(3), BindingState.FREE));
            assertThat(audit.audit(List.of(), List.of(offeredThenIgnored), normal))
                    .containsExactly(new UnknownToPeer(ip("10.0.0.8"), Server.SECONDARY, client(3), BindingState.FREE));
        }
        assertThat(audit.audit(List.of(offeredThenIgnored), List.of(peerCopy), true).get(0).description())
                .isEqualTo("10.0.0.8 is FREE for hw:1:02:00:00:00:00:03 on the primary, which the secondary does"
                        + " not know for that address");
    }

    @Test
    void differentClientsOnAFreeLeaseAreUnknownBothWays() {
        List<Finding> findings = audit.audit(List.of(lease("10.0.0.8", BindingState.FREE, 3).build()),
                List.of(lease("10.0.0.8", BindingState.FREE, 4).build()), true);

        assertThat(findings).containsExactly(
                new UnknownToPeer(ip("10.0.0.8"), Server.PRIMARY, client(3), BindingState.FREE),
                new UnknownToPeer(ip("10.0.0.8"), Server.SECONDARY, client(4), BindingState.FREE));
    }

    @Test
    void freeOnOneSideAndBackupOnTheOtherDivergesInNormalOnly() {
        Lease free = lease("10.0.0.4", BindingState.FREE, 4).build();
        Lease backup = free.toBuilder().state(BindingState.BACKUP).build();

        List<Finding> findings = audit.audit(List.of(free), List.of(backup), true);

        assertThat(findings).containsExactly(new Divergence(ip("10.0.0.4"), free, backup, List.of(LeaseField.STATE)));
        assertThat(findings.get(0).description()).isEqualTo("10.0.0.4 differs between the servers: state FREE / BACKUP");
        assertThat(audit.audit(List.of(free), List.of(backup), false)).isEmpty();
    }

    @Test
    void anAddressMissingOnOneServerCountsAsVirginFree() {
        Lease backup = Lease.builder(ip("10.0.0.4")).state(BindingState.BACKUP).build();

        assertThat(audit.audit(List.of(Lease.free(ip("10.0.0.4"))), List.of(), true)).isEmpty();
        assertThat(audit.audit(List.of(), List.of(backup), true)).containsExactly(
                new Divergence(ip("10.0.0.4"), Lease.free(ip("10.0.0.4")), backup, List.of(LeaseField.STATE)));
    }

    @Test
    void everyComparedFieldIsReported() {
        Lease base = active("10.0.0.1", 1);
        Lease other = base.toBuilder().hardware(mac(9)).start(at(-1)).end(at(601)).tsfp(at(901)).atsfp(at(899))
                .tstp(at(1000)).build();

        List<Finding> findings = audit.audit(List.of(base), List.of(other), true);

        assertThat(findings).singleElement().isInstanceOf(Divergence.class);
        assertThat(((Divergence) findings.get(0)).fields()).containsExactly(LeaseField.HARDWARE, LeaseField.STARTS,
                LeaseField.ENDS, LeaseField.TSFP, LeaseField.ATSFP, LeaseField.PRIMARY_TSTP, LeaseField.SECONDARY_TSTP);
        assertThat(findings.get(0).description()).isEqualTo("10.0.0.1 differs between the servers:"
                + " hardware 02:00:00:00:00:01 / 02:00:00:00:00:09;"
                + " starts 2026-11-24T18:00:00Z / 2026-11-24T17:59:59Z;"
                + " ends 2026-11-24T18:10:00Z / 2026-11-24T18:10:01Z;"
                + " tsfp 2026-11-24T18:15:00Z / 2026-11-24T18:15:01Z;"
                + " atsfp 2026-11-24T18:15:00Z / 2026-11-24T18:14:59Z;"
                + " primary tstp 2026-11-24T18:15:00Z is after secondary atsfp 2026-11-24T18:14:59Z;"
                + " secondary tstp 2026-11-24T18:16:40Z is after primary atsfp 2026-11-24T18:15:00Z");
    }

    @Test
    void anUnacknowledgedUpdateInNormalIsAtstpBeyondThePeersAtsfp() {
        // The primary renewed the lease (tstp T0+1500, atsfp cleared) and the BNDUPD never arrived.
        Lease peerCopy = active("10.0.0.1", 1);
        Lease pending = peerCopy.toBuilder().start(at(300)).end(at(900)).cltt(at(300)).tstp(at(1500))
                .atsfp(Lease.UNSET).build();

        Divergence divergence = (Divergence) audit.audit(List.of(pending), List.of(peerCopy), true).get(0);

        assertThat(divergence.fields()).containsExactly(LeaseField.STARTS, LeaseField.ENDS, LeaseField.ATSFP,
                LeaseField.PRIMARY_TSTP, LeaseField.SECONDARY_TSTP);
    }

    @Test
    void aTstpStampedWhenBothFreedTheLeaseAloneIsNoFinding() {
        // ISC frees an acknowledged EXPIRED lease on both servers, stamping tstp on its own side and sending nothing.
        Lease freedByBoth = lease("10.0.0.1", BindingState.BACKUP, 1).tstp(at(600)).tsfp(at(600)).atsfp(at(600))
                .build();
        Lease stamped = freedByBoth.toBuilder().tstp(at(900)).build();

        assertThat(audit.audit(List.of(stamped), List.of(freedByBoth), true)).isEmpty();
        assertThat(audit.audit(List.of(freedByBoth), List.of(stamped), true)).isEmpty();
        Lease otherAgreement = freedByBoth.toBuilder().atsfp(at(700)).build();
        assertThat(audit.audit(List.of(stamped), List.of(otherAgreement), true))
                .singleElement().isInstanceOf(Divergence.class);
    }

    @Test
    void clttHostnameAndRelayInformationAreNotCompared() {
        Lease base = active("10.0.0.1", 1);
        Lease other = base.toBuilder().cltt(at(-77)).hostname("pc").relayAgentInfo(new byte[] {1, 1, 0}).build();

        assertThat(audit.audit(List.of(base), List.of(other), true)).isEmpty();
    }

    @Test
    void aConflictOrAnUnknownIdentityHidesTheLesserFindingsOfItsAddress() {
        Lease mine = active("10.0.0.1", 1);
        Lease theirs = lease("10.0.0.1", BindingState.RELEASED, 2).end(at(5)).build();

        assertThat(audit.audit(List.of(mine), List.of(theirs), true)).extracting(Finding::getClass)
                .containsExactly(UnknownToPeer.class, UnknownToPeer.class);
        assertThat(audit.audit(List.of(mine), List.of(theirs.toBuilder().state(BindingState.ACTIVE).build()), true))
                .extracting(Finding::getClass).containsExactly(AddressConflict.class);
    }

    @Test
    void findingsAreSortedByAddressWhateverTheInputOrder() {
        List<Lease> primary = new ArrayList<>(List.of(active("10.0.0.30", 1), active("10.0.0.2", 1),
                lease("10.0.0.9", BindingState.FREE, 5).build(), active("10.0.0.4", 7), free("10.0.0.200")));
        List<Lease> secondary = new ArrayList<>(List.of(active("10.0.0.30", 1), active("10.0.0.2", 1),
                active("10.0.0.4", 8), lease("10.0.0.200", BindingState.BACKUP, -1).build()));
        List<Finding> expected = audit.audit(primary, secondary, true);
        Random random = new Random(7);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(primary, random);
            Collections.shuffle(secondary, random);
            assertThat(audit.audit(primary, secondary, true)).isEqualTo(expected);
        }
        assertThat(expected).extracting(finding -> finding.address().toString())
                .containsExactly("10.0.0.2", "10.0.0.4", "10.0.0.9", "10.0.0.200");
        assertThat(expected).extracting(Finding::getClass).containsExactly(DuplicateBinding.class,
                AddressConflict.class, UnknownToPeer.class, Divergence.class);
    }
}

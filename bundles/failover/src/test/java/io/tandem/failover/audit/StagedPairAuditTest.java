package io.tandem.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.isc.IscLeaseFile;
import io.tandem.isc.IscLeaseFileException;
import io.tandem.isc.Leases;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lab's staged lease files (shared/reference/isc-pair, copied into src/test/resources/isc-pair) audited
 * against each other. Both hold the same three leases, each parked in a free state with its last client's uid
 * and hardware address as an affinity hint (failover-protocol.md §6.3, §6.4 cases A-C): .104 FREE, .105 and .106
 * BACKUP, with identical times in which tstp = tsfp = atsfp = ends (nothing pending). Both state blocks say
 * NORMAL for both servers; only the secondary's carries the MCLT.
 */
class StagedPairAuditTest {

    private static final List<Subnet> LAB = List.of(Subnet.parse("192.168.77.0/24", List.of()));

    private static IscLeaseFile staged(String name) throws IOException, IscLeaseFileException {
        return IscLeaseFile.read(Leases.staged(name), Leases.STAGED_AT);
    }

    @Test
    void theStagedPairIsClean() throws IOException, IscLeaseFileException {
        IscLeaseFile primary = staged("staged-primary.leases");
        IscLeaseFile secondary = staged("staged-secondary.leases");
        boolean normal = primary.failoverPeers().get(0).bothNormal() && secondary.failoverPeers().get(0).bothNormal();

        // No ACTIVE lease: nothing can be a duplicate binding or a conflict; a uid on a FREE or BACKUP lease is a
        // hint, not a binding. Each uid sits on the same address on both servers, so the peer knows every
        // identity. In NORMAL the copies agree on state (FREE is FREE on both, BACKUP is BACKUP on both),
        // hardware, starts, ends, tsfp and atsfp, and neither tstp is after the other's atsfp.
        assertThat(normal).isTrue();
        assertThat(new PairAudit(LAB).audit(primary.leases(), secondary.leases(), normal)).isEmpty();
    }

    @Test
    void theStagedFilesShowTheSixPointFourSymptomsOnceASideMovesOn() throws IOException, IscLeaseFileException {
        // What §6.4 case A did in the lab: the client of .106 (uid ...:05) took the primary's offer of a new
        // address .114, which became ACTIVE on both, while .106 stayed BACKUP with its uid on both. Not a finding:
        // one ACTIVE lease per client, the BACKUP one is a hint.
        List<Lease> primary = new ArrayList<>(staged("staged-primary.leases").leases());
        List<Lease> secondary = new ArrayList<>(staged("staged-secondary.leases").leases());
        Lease hint = primary.get(2);
        Lease bound = hint.toBuilder().state(BindingState.ACTIVE).build();
        Lease newLease = Lease.builder(Ipv4Address.parse("192.168.77.114")).state(BindingState.ACTIVE)
                .client(hint.client()).hardware(hint.hardware()).start(hint.start()).end(hint.end())
                .tstp(hint.tstp()).tsfp(hint.tsfp()).atsfp(hint.atsfp()).cltt(hint.cltt()).build();
        primary.add(newLease);
        secondary.add(newLease);
        PairAudit audit = new PairAudit(LAB);

        assertThat(audit.audit(primary, secondary, true)).isEmpty();
        // Had the secondary bound .106 to the client as well, the client would hold two bindings (invariant 1).
        secondary.set(2, bound);
        primary.set(2, bound);
        assertThat(audit.audit(primary, secondary, true)).singleElement().isInstanceOf(DuplicateBinding.class)
                .extracting(Finding::description).isEqualTo("id:01:02:00:00:00:00:05 is bound to more than one"
                        + " address in 192.168.77.0/24: 192.168.77.106 on the primary, 192.168.77.106 on the"
                        + " secondary, 192.168.77.114 on the primary, 192.168.77.114 on the secondary");
    }
}

package io.tandem.failover.audit;

import static io.tandem.isc.Leases.active;
import static io.tandem.isc.Leases.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PairAuditReport;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.isc.Leases;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit as an operator runs it: each server's real store, one of them exported to a file the other reads. */
class PeerFileAuditTest {

    private static final Instant NOW = Instant.parse("2026-11-24T18:05:00Z");
    private static final List<Subnet> SUBNETS = List.of(Subnet.parse("192.0.2.0/24",
            List.of(new PoolRange(ip("192.0.2.100"), ip("192.0.2.199")))));

    @TempDir
    Path directory;
    private MapDbLeaseStore primaryStore;
    private MapDbLeaseStore secondaryStore;

    @BeforeEach
    void open() {
        primaryStore = new MapDbLeaseStore(directory.resolve("primary.db"), VolumeKind.MMAP, 64);
        secondaryStore = new MapDbLeaseStore(directory.resolve("secondary.db"), VolumeKind.MMAP, 64);
    }

    @AfterEach
    void close() {
        primaryStore.close();
        secondaryStore.close();
    }

    private static FailoverView view(FailoverRole role, FailoverState state) {
        return new FailoverView(role, state, NOW.minusSeconds(600), FailoverState.NORMAL, Duration.ofSeconds(60),
                HashBuckets.split(128), 0, FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }

    private static void commit(MapDbLeaseStore store, Lease... leases) throws Exception {
        store.commit(List.of(leases)).toCompletableFuture().get();
    }

    /** The secondary exports, the primary audits against that file. */
    private PairAuditReport auditOnThePrimary(FailoverState secondaryState) throws IOException {
        Path file = directory.resolve("secondary.leases");
        new PeerFileAudit(secondaryStore, "pair").export(file, view(FailoverRole.SECONDARY, secondaryState));
        return new PeerFileAudit(primaryStore, "pair").audit(file, SUBNETS,
                view(FailoverRole.PRIMARY, FailoverState.NORMAL), NOW);
    }

    @Test
    void twoStoresHoldingTheSameLeasesAreClean() throws Exception {
        Lease bound = active("192.0.2.100", 1);
        Lease free = Leases.lease("192.0.2.101", BindingState.BACKUP, 2).build();
        commit(primaryStore, bound, free);
        commit(secondaryStore, bound, free);

        PairAuditReport report = auditOnThePrimary(FailoverState.NORMAL);

        assertThat(report).isEqualTo(new PairAuditReport(2, 2, true, List.of()));
    }

    @Test
    void anAddressBoundToAnotherClientOnThePeerIsFound() throws Exception {
        commit(primaryStore, active("192.0.2.100", 1));
        commit(secondaryStore, active("192.0.2.100", 2));

        assertThat(auditOnThePrimary(FailoverState.NORMAL).findings()).containsExactly(
                "192.0.2.100 is bound to more than one client: hw:1:02:00:00:00:00:01 on the primary,"
                        + " hw:1:02:00:00:00:00:02 on the secondary");
    }

    @Test
    void timesAreComparedOnlyWhenThePeersFileSaysNormalToo() throws Exception {
        Lease bound = active("192.0.2.100", 1);
        commit(primaryStore, bound);
        commit(secondaryStore, bound.toBuilder().end(bound.end().plusSeconds(60)).build());

        assertThat(auditOnThePrimary(FailoverState.NORMAL).findings()).singleElement().asString()
                .startsWith("192.0.2.100 differs between the servers: ends");
        PairAuditReport interrupted = auditOnThePrimary(FailoverState.COMMUNICATIONS_INTERRUPTED);
        assertThat(interrupted.fieldsCompared()).isFalse();
        assertThat(interrupted.findings()).isEmpty();
    }

    @Test
    void aFileThatIsNotALeaseFileIsRefusedNamingFileAndLine() throws Exception {
        Path file = Files.writeString(directory.resolve("broken.leases"), "lease 192.0.2.100 {\n  binding state bound;\n}\n");

        assertThatThrownBy(() -> new PeerFileAudit(primaryStore, "pair").audit(file, SUBNETS,
                view(FailoverRole.PRIMARY, FailoverState.NORMAL), NOW))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": line 2: unknown binding state 'bound'");
    }
}

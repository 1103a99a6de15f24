package io.tandem.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverState;
import io.tandem.api.MigrationReport;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.isc.Leases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import as a whole, against the ISC lab's secondary: its dhcpd.conf and the lease file it wrote. */
class ImporterTest {

    private static final String SECONDARY_CONF = """
            authoritative;
            ddns-update-style none;
            default-lease-time 600;
            max-lease-time 7200;
            failover peer "fo-lab" {
              secondary;
              address 192.168.77.2;
              peer address 192.168.77.1;
              max-response-delay 30;
              max-unacked-updates 10;
              load balance max seconds 3;
            }
            subnet 192.168.77.0 netmask 255.255.255.0 {
              pool {
                failover peer "fo-lab";
                range 192.168.77.100 192.168.77.119;
              }
            }
            """;

    /** Records what the import asked of the server, in order. */
    private static final class RecordingTarget implements Importer.Target {
        final List<Lease> stored = new ArrayList<>();
        final List<String> steps = new ArrayList<>();
        LeasePlan.SavedState seeded;
        long alreadyStored;
        boolean alreadySeeded;

        @Override
        public long storedLeases() {
            return alreadyStored + stored.size();
        }

        @Override
        public boolean hasSavedState() {
            return alreadySeeded || seeded != null;
        }

        @Override
        public void seed(LeasePlan.SavedState state) {
            steps.add("seed");
            seeded = state;
        }

        @Override
        public void store(List<Lease> leases) {
            steps.add("store");
            stored.addAll(leases);
        }
    }

    @TempDir
    Path directory;
    private Path etc;
    private Path conf;
    private final RecordingTarget target = new RecordingTarget();
    private Importer importer;

    @BeforeEach
    void files() throws IOException {
        etc = Files.createDirectories(directory.resolve("etc"));
        conf = Files.writeString(directory.resolve("dhcpd.conf"), SECONDARY_CONF);
        importer = new Importer(etc, target, Clock.fixed(Leases.STAGED_AT, ZoneOffset.UTC));
    }

    private List<String> etcFiles() throws IOException {
        try (Stream<Path> files = Files.list(etc)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void the_labs_secondary_comes_over_with_its_leases_and_its_normal_state() throws Exception {
        MigrationReport report = importer.run(conf, Optional.of(Leases.staged("staged-secondary.leases")), false);

        assertThat(target.steps).as("the state and leases before any etc/ file").startsWith("seed", "store");
        assertThat(target.seeded).isEqualTo(new LeasePlan.SavedState(FailoverState.NORMAL,
                Instant.parse("2026-11-24T18:50:10Z"), FailoverState.NORMAL, Duration.ofSeconds(60)));
        assertThat(target.stored).hasSize(3).extracting(Lease::state)
                .containsOnly(BindingState.BACKUP, BindingState.FREE);
        assertThat(report.leasesByState()).isEqualTo(Map.of("BACKUP", 2L, "FREE", 1L));
        assertThat(report.files()).containsExactly(etc.resolve("io.tandem.failover.cfg").toString(),
                etc.resolve("io.tandem.subnet-192-168-77-0-24.cfg").toString());
        assertThat(etcFiles()).containsExactly("io.tandem.failover.cfg", "io.tandem.subnet-192-168-77-0-24.cfg");
        assertThat(Files.readString(etc.resolve("io.tandem.failover.cfg")))
                .contains("role = secondary\n", "maxResponseDelay = 30\n");
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void a_dry_run_reports_the_same_and_writes_nothing() throws Exception {
        MigrationReport report = importer.run(conf, Optional.of(Leases.staged("staged-secondary.leases")), true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.leasesByState()).isEqualTo(Map.of("BACKUP", 2L, "FREE", 1L));
        assertThat(report.failoverState()).contains("NORMAL since 2026-11-24T18:50:10Z, peer NORMAL");
        assertThat(target.steps).isEmpty();
        assertThat(etcFiles()).isEmpty();
    }

    @Test
    void a_malformed_lease_file_is_refused_by_file_line_and_reason_and_nothing_is_written() throws Exception {
        Path leases = Files.writeString(directory.resolve("dhcpd.leases"), """
                lease 192.168.77.100 {
                  starts 2 2026/11/24 18:00:00;
                  binding state sideways;
                }
                """);

        assertThatThrownBy(() -> importer.run(conf, Optional.of(leases), false))
                .isInstanceOf(ImportRefusedException.class)
                .hasMessageStartingWith(leases + " line 3: ");
        assertThat(target.steps).isEmpty();
        assertThat(etcFiles()).isEmpty();
    }

    @Test
    void an_import_never_merges_into_a_server_that_has_leases_a_state_or_a_configuration() throws Exception {
        Optional<Path> leases = Optional.of(Leases.staged("staged-secondary.leases"));
        target.alreadyStored = 5;
        assertThatThrownBy(() -> importer.run(conf, leases, false))
                .hasMessage("the lease store already holds 5 leases: import into a server with an empty data"
                        + " directory");
        target.alreadyStored = 0;
        target.alreadySeeded = true;
        assertThatThrownBy(() -> importer.run(conf, leases, false)).hasMessageContaining("saved failover state");
        target.alreadySeeded = false;
        Files.writeString(etc.resolve("io.tandem.subnet-demo.cfg"), "subnet = 192.0.2.0/24\n");
        assertThatThrownBy(() -> importer.run(conf, leases, false))
                .hasMessage(etc + " already has io.tandem.subnet-demo.cfg: remove them first; the import writes the"
                        + " whole subnet and failover configuration");

        assertThat(target.steps).isEmpty();
        assertThat(etcFiles()).containsExactly("io.tandem.subnet-demo.cfg");
    }

    @Test
    void leases_outside_the_pools_and_state_blocks_of_other_relationships_are_named_not_imported()
            throws Exception {
        Path leases = Files.writeString(directory.resolve("dhcpd.leases"), """
                lease 192.168.77.100 {
                  starts 2 2026/11/24 18:00:00;
                  ends 2 2026/11/24 20:00:00;
                  binding state active;
                  hardware ethernet 02:00:00:00:00:01;
                }
                lease 192.168.78.5 {
                  starts 2 2026/11/24 18:00:00;
                  ends 2 2026/11/24 20:00:00;
                  binding state active;
                  hardware ethernet 02:00:00:00:00:02;
                }
                failover peer "other" state {
                  my state normal at 2 2026/11/24 18:50:10;
                }
                """);

        MigrationReport report = importer.run(conf, Optional.of(leases), false);

        assertThat(target.stored).extracting(lease -> lease.address().toString()).containsExactly("192.168.77.100");
        assertThat(target.seeded).isNull();
        assertThat(report.notes()).containsExactly(
                leases + ": lease 192.168.78.5 (ACTIVE): in no pool of the translated configuration, not imported",
                leases + ": failover peer \"other\" state: the configuration declares no such relationship, not"
                        + " imported",
                leases + ": no saved state for failover peer \"fo-lab\": Tandem starts in RECOVER and learns every"
                        + " lease from its peer, as ISC would");
    }
}

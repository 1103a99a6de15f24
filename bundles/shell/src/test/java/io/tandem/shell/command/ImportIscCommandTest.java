package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.IscMigration;
import io.tandem.api.MigrationReport;
import io.tandem.shell.testing.BoundServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class ImportIscCommandTest {

    private static final MigrationReport REPORT = new MigrationReport(false,
            List.of("/opt/tandem/etc/io.tandem.failover.cfg", "/opt/tandem/etc/io.tandem.subnet-lan.cfg"),
            Map.of("ACTIVE", 2L, "BACKUP", 10L), Optional.of("NORMAL since 2026-11-29T10:00:00Z, peer NORMAL"),
            List.of("/etc/dhcp/dhcpd.conf line 4: log-facility local7;: Tandem logs through Karaf"));

    /** Answers with a report, or refuses, and records what it was asked. */
    private static final class FakeMigration implements IscMigration {
        final List<String> asked = new ArrayList<>();
        RuntimeException refusal;

        @Override
        public MigrationReport importFrom(Path conf, Optional<Path> leases, boolean dryRun) {
            asked.add(conf + " " + leases.map(Path::toString).orElse("-") + " " + dryRun);
            if (refusal != null) {
                throw refusal;
            }
            return dryRun ? new MigrationReport(true, REPORT.files(), REPORT.leasesByState(), REPORT.failoverState(),
                    REPORT.notes()) : REPORT;
        }
    }

    private static ImportIscCommand command(IscMigration migration, String leases, boolean dryRun) {
        ImportIscCommand command = new ImportIscCommand();
        command.services = BoundServices.migration(migration);
        command.conf = "/etc/dhcp/dhcpd.conf";
        command.leases = leases;
        command.dryRun = dryRun;
        return command;
    }

    @Test
    void anImportSaysWhatItWroteImportedAndLeftBehind() throws Exception {
        FakeMigration migration = new FakeMigration();

        String output = output(command(migration, "/var/lib/dhcp/dhcpd.leases", false)::execute);

        assertThat(migration.asked).containsExactly("/etc/dhcp/dhcpd.conf /var/lib/dhcp/dhcpd.leases false");
        assertThat(lines(output)).containsExactly(
                "wrote /opt/tandem/etc/io.tandem.failover.cfg",
                "wrote /opt/tandem/etc/io.tandem.subnet-lan.cfg",
                "imported leases {ACTIVE=2, BACKUP=10}",
                "failover state: NORMAL since 2026-11-29T10:00:00Z, peer NORMAL",
                "not carried over: 1",
                "  /etc/dhcp/dhcpd.conf line 4: log-facility local7;: Tandem logs through Karaf");
    }

    @Test
    void aDryRunSaysWhatItWould() throws Exception {
        String output = output(command(new FakeMigration(), null, true)::execute);

        assertThat(lines(output)).startsWith("would write /opt/tandem/etc/io.tandem.failover.cfg");
        assertThat(lines(output)).contains("would import leases {ACTIVE=2, BACKUP=10}");
    }

    @Test
    void aRefusalFailsTheCommandWithTheReason() {
        FakeMigration migration = new FakeMigration();
        migration.refusal = new IllegalStateException("/etc/dhcp/dhcpd.leases line 7: unexpected '}'");

        assertThatThrownBy(command(migration, "/etc/dhcp/dhcpd.leases", false)::execute)
                .isInstanceOf(CommandException.class)
                .hasMessage("import refused: /etc/dhcp/dhcpd.leases line 7: unexpected '}'");
        assertThatThrownBy(command(null, null, false)::execute).isInstanceOf(CommandException.class)
                .hasMessage("the importer is not running: feature:install tandem-migrate");
    }
}

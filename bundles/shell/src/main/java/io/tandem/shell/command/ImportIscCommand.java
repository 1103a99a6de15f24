package io.tandem.shell.command;

import io.tandem.api.IscMigration;
import io.tandem.api.MigrationReport;
import io.tandem.shell.admin.OptionalServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:import-isc [--leases FILE] [--dry-run] DHCPD.CONF}: takes over from an ISC dhcpd server, its
 * configuration as etc/ files and its leases and failover state into this server (see {@link IscMigration}).
 */
@Command(scope = "dhcp", name = "import-isc",
        description = "Imports an ISC dhcpd server: dhcpd.conf as etc/ files, dhcpd.leases into the lease store.")
@Service
public class ImportIscCommand implements Action {

    @Argument(name = "dhcpd.conf", required = true, description = "The ISC server's configuration file")
    String conf;

    @Option(name = "--leases", description = "The ISC server's lease file (dhcpd.leases), stopped: its leases and"
            + " failover state come along")
    String leases;

    @Option(name = "--dry-run", description = "Read, translate and check only; write nothing")
    boolean dryRun;

    @Reference
    OptionalServices services;

    @Override
    public Object execute() throws CommandException {
        IscMigration migration = services.migration().orElseThrow(
                () -> new CommandException("the importer is not running: feature:install tandem-migrate"));
        MigrationReport report;
        try {
            report = migration.importFrom(Path.of(conf), Optional.ofNullable(leases).map(Path::of), dryRun);
        } catch (IOException | IllegalStateException e) {
            throw new CommandException("import refused: " + e.getMessage());
        }
        String verb = report.dryRun() ? "would write " : "wrote ";
        report.files().forEach(file -> System.out.println(verb + file));
        System.out.println((report.dryRun() ? "would import " : "imported ") + "leases " + report.leasesByState());
        System.out.println("failover state: " + report.failoverState().orElse("none"));
        System.out.println("not carried over: " + report.notes().size());
        report.notes().forEach(note -> System.out.println("  " + note));
        return null;
    }
}

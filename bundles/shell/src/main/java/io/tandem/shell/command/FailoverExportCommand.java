package io.tandem.shell.command;

import io.tandem.api.FailoverAdministration;
import io.tandem.shell.admin.OptionalServices;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:failover-export FILE}: writes this server's leases and failover state as a {@code dhcpd.leases}
 * file, for {@code dhcp:failover-audit} on the peer.
 */
@Command(scope = "dhcp", name = "failover-export",
        description = "Writes this server's leases as a dhcpd.leases file, for dhcp:failover-audit on the peer.")
@Service
public class FailoverExportCommand implements Action {

    @Argument(name = "file", required = true, description = "The file to write, replaced whole (a relative path is"
            + " from Karaf's home)")
    String file;

    @Reference
    OptionalServices services;

    @Override
    public Object execute() throws CommandException {
        long written = PairFiles.with(services.failover(), file, "write", FailoverAdministration::exportLeases);
        System.out.println(written + " leases written to " + Path.of(file).toAbsolutePath());
        return null;
    }
}

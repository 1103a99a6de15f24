package io.tandem.shell.command;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.PairAuditReport;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.OptionalServices;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:failover-audit FILE}: this server's leases against the peer's lease file (an ISC peer's
 * {@code dhcpd.leases}, or what {@code dhcp:failover-export} wrote on a Tandem peer). Each finding is one line; any
 * finding makes the command fail, so that a script sees it in the exit status of {@code bin/client}.
 */
@Command(scope = "dhcp", name = "failover-audit",
        description = "Audits the pair: this server's leases against the peer's lease file.")
@Service
public class FailoverAuditCommand implements Action {

    @Argument(name = "peer-leases", required = true, description = "The peer's lease file: ISC's dhcpd.leases, or"
            + " the file dhcp:failover-export wrote on a Tandem peer (a relative path is from Karaf's home)")
    String peerLeases;

    @Reference
    OptionalServices services;

    @Override
    public Object execute() throws CommandException {
        PairAuditReport report = PairFiles.with(services.failover(), peerLeases, "audit against",
                FailoverAdministration::audit);
        Display.auditLines(report, Path.of(peerLeases)).forEach(System.out::println);
        if (!report.clean()) {
            throw new CommandException("the pair audit found " + report.findings().size() + " problem(s)");
        }
        return null;
    }
}

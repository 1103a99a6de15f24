package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.Subnet;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.LeaseFilter;
import io.tandem.shell.admin.LeaseQueries;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code dhcp:leases}: a table of leases, filtered by subnet, state, MAC or client identifier. */
@Command(scope = "dhcp", name = "leases", description = "Lists leases in address order over the served subnets.")
@Service
public class LeasesCommand implements Action {

    @Option(name = "--subnet", description = "Only this served subnet (CIDR, as 192.0.2.0/24)")
    @Completion(SubnetCompleter.class)
    String subnet;

    @Option(name = "--state", description = "Only leases in this state (active, offered, free, expired, ...)")
    @Completion(StateCompleter.class)
    String state;

    @Option(name = "--mac", description = "Only leases of this MAC address (52:54:00:12:34:56)")
    String mac;

    @Option(name = "--client-id", description = "Only leases of this client identifier, option 61 in hex")
    String clientId;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        List<Subnet> served = admin.subnets();
        LeaseFilter filter = Inputs.parse(() -> LeaseFilter.parse(subnet, state, mac, clientId, served));
        LeaseQueries queries = new LeaseQueries(admin);
        // Walked twice (column widths, then rows), never held whole: a subnet may have a million leases.
        Tables.print(Display.LEASE_COLUMNS,
                rows -> queries.forEachMatching(filter, lease -> rows.accept(display.leaseRow(lease))), "no leases");
        return null;
    }
}

package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.LeaseQueries;
import io.tandem.shell.admin.UserInput;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code dhcp:lease}: every field of the lease of an address, or of every lease of a MAC address. */
@Command(scope = "dhcp", name = "lease", description = "Shows every field of the lease of an address or a MAC address.")
@Service
public class LeaseCommand implements Action {

    @Argument(name = "address", description = "An IPv4 address (192.0.2.10) or a MAC address (52:54:00:12:34:56)",
            required = true)
    @Completion(BoundAddressCompleter.class)
    String address;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        if (UserInput.isAddress(address)) {
            Ipv4Address ip = Inputs.parse(() -> UserInput.address(address));
            Optional<Lease> lease = admin.lease(ip);
            if (lease.isEmpty()) {
                System.out.println("no lease for " + ip);
            }
            lease.ifPresent(this::print);
            return null;
        }
        HardwareAddress mac = Inputs.parse(() -> {
            try {
                return UserInput.mac(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an IPv4 or MAC address: '" + address + "'");
            }
        });
        List<Lease> leases = new LeaseQueries(admin).ofHardware(mac);
        if (leases.isEmpty()) {
            System.out.println("no lease for MAC " + mac);
        }
        for (int i = 0; i < leases.size(); i++) {
            if (i > 0) {
                System.out.println();
            }
            print(leases.get(i));
        }
        return null;
    }

    private void print(Lease lease) {
        display.leaseLines(lease).forEach(System.out::println);
    }
}

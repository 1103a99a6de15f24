package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.LeaseQueries;
import io.tandem.shell.admin.UserInput;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code dhcp:release}: releases an ACTIVE lease as if its client had sent a DHCPRELEASE. */
@Command(scope = "dhcp", name = "release",
        description = "Releases the ACTIVE lease of an address, as if its client had sent a DHCPRELEASE.")
@Service
public class ReleaseCommand implements Action {

    @Argument(name = "address", description = "The leased IPv4 address", required = true)
    @Completion(BoundAddressCompleter.class)
    String address;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        Ipv4Address ip = Inputs.parse(() -> UserInput.address(address));
        Optional<Lease> released = new LeaseQueries(admin).release(ip);
        System.out.println(Display.releaseHeadline(ip, released));
        released.ifPresent(lease -> display.leaseLines(lease).forEach(line -> System.out.println("  " + line)));
        return null;
    }
}

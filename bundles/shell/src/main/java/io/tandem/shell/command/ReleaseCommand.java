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
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:release}: releases an ACTIVE lease as if its client had sent a DHCPRELEASE. The client is not told:
 * its next renewal binds the address again, unless {@code --forget} drops the client from the lease, so that the
 * renewal is NAKed and the client starts over. An address without an active lease is an error.
 */
@Command(scope = "dhcp", name = "release",
        description = "Releases the ACTIVE lease of an address, as if its client had sent a DHCPRELEASE. The client's"
                + " next renewal binds it again unless --forget is given.")
@Service
public class ReleaseCommand implements Action {

    @Argument(name = "address", description = "The leased IPv4 address", required = true)
    @Completion(BoundAddressCompleter.class)
    String address;

    @Option(name = "--forget", description = "Also forget the client: its next renewal is NAKed and it starts over"
            + " with a DISCOVER, without being steered back to this address.")
    boolean forget;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        Ipv4Address ip = Inputs.parse(() -> UserInput.address(address));
        Optional<Lease> released = new LeaseQueries(admin).release(ip, forget);
        if (released.isEmpty()) {
            throw new CommandException(Display.releaseHeadline(ip, released));
        }
        System.out.println(Display.releaseHeadline(ip, released));
        display.leaseLines(released.get()).forEach(line -> System.out.println("  " + line));
        return null;
    }
}

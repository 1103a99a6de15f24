package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.LeaseQueries;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the addresses currently bound to a client (ACTIVE or offered). */
@Service
public class BoundAddressCompleter implements Completer {

    @Reference
    ServerAdministration admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(new LeaseQueries(admin).boundAddresses()).complete(session, commandLine,
                candidates);
    }
}

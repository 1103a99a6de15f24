package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.Subnet;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the served subnets in CIDR notation. */
@Service
public class SubnetCompleter implements Completer {

    @Reference
    ServerAdministration admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> subnets = admin.subnets().stream().map(Subnet::toString).toList();
        return new StringsCompleter(subnets).complete(session, commandLine, candidates);
    }
}

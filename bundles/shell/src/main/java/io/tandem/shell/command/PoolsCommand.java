package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code dhcp:pools}: how full each served subnet's pools are, then any refused configuration. */
@Command(scope = "dhcp", name = "pools", description = "Shows pool usage per served subnet and configuration problems.")
@Service
public class PoolsCommand implements Action {

    @Reference
    ServerAdministration admin;

    @Override
    public Object execute() {
        Tables.print(Display.POOL_COLUMNS, admin.pools().stream().map(Display::poolRow).toList(),
                "no subnets served");
        List<String> problems = admin.configurationProblems();
        if (!problems.isEmpty()) {
            System.out.println();
            System.out.println("configuration problems (the last good configuration is serving):");
            problems.forEach(problem -> System.out.println("  " + problem));
        }
        return null;
    }
}

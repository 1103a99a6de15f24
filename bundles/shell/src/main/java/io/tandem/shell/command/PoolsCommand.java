package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code dhcp:pools}: how full each served subnet's pools are; points to {@code dhcp:status} when something is wrong. */
@Command(scope = "dhcp", name = "pools", description = "Shows pool usage per served subnet.")
@Service
public class PoolsCommand implements Action {

    @Reference
    ServerAdministration admin;

    @Override
    public Object execute() {
        Tables.print(Display.POOL_COLUMNS, admin.pools().stream().map(Display::poolRow).toList(),
                "no subnets served");
        int problems = admin.configurationProblems().size();
        if (problems > 0) {
            System.out.println();
            System.out.println(problems + " configuration problem" + (problems == 1 ? "" : "s")
                    + ": see dhcp:status");
        }
        return null;
    }
}

package io.tandem.shell.command;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code dhcp:status}: the allocation policy in use (or that there is none), whether the lease store can commit,
 * and every problem of every Tandem configuration, in the
 * form they are logged: refused values, unknown keys, files Karaf could not load, interfaces not served yet.
 */
@Command(scope = "dhcp", name = "status",
        description = "Names the allocation policy in use, says whether the lease store can commit, and lists every"
                + " configuration problem: refused values, unknown keys, unloadable files, interfaces not served yet.")
@Service
public class StatusCommand implements Action {

    @Reference
    ServerAdministration admin;

    @Override
    public Object execute() {
        List<ConfigurationProblem> problems = admin.configurationProblems();
        System.out.println("subnets served: " + admin.subnets().size());
        System.out.println(Display.policyLine(admin.policies()));
        Display.local().storeHealthLines(admin.storeHealth()).forEach(System.out::println);
        if (problems.isEmpty()) {
            System.out.println("configuration: no problems");
            return null;
        }
        System.out.println("configuration: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + " (a refused value leaves the last good configuration serving)");
        problems.forEach(problem -> System.out.println("  " + problem));
        return null;
    }
}

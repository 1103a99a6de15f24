package io.tandem.shell.command;

import io.tandem.api.PolicyStatus;
import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:policy}: the installed allocation policies (name, bundle, ranking, offers served, proposals refused,
 * calls failed) with the active one marked; {@code use NAME} makes one active, {@code clear} goes back to the
 * highest ranking. The choice is written to {@code etc/io.tandem.engine.cfg} and holds across restarts.
 */
@Command(scope = "dhcp", name = "policy",
        description = "Lists the allocation policies; 'use NAME' makes one active (kept across restarts), 'clear'"
                + " returns to the highest ranking.")
@Service
public class PolicyCommand implements Action {

    @Argument(name = "action", description = "use (with a policy name) or clear")
    String action;

    @Argument(index = 1, name = "name", description = "the policy to use, as listed")
    String name;

    @Reference
    ServerAdministration admin;

    @Override
    public Object execute() throws CommandException {
        if ("use".equals(action) && name != null) {
            choose(Optional.of(name));
        } else if ("clear".equals(action) && name == null) {
            choose(Optional.empty());
        } else if (action != null) {
            throw new CommandException("usage: dhcp:policy [use NAME | clear]");
        }
        List<PolicyStatus> policies = admin.policies();
        Tables.print(Display.POLICY_COLUMNS, Display.policyRows(policies), "");
        System.out.println(Display.choiceLine(admin.chosenPolicy(), policies));
        System.out.println(Display.policyLine(policies));
        return null;
    }

    private void choose(Optional<String> policy) throws CommandException {
        try {
            admin.usePolicy(policy);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CommandException(e.getMessage() + ": " + e.getCause().getMessage());
        }
    }
}

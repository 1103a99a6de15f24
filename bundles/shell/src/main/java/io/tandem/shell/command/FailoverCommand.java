package io.tandem.shell.command;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.FailoverPools;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:failover}: the relationship with the peer (role, states and since when, the link, MCLT, updates not
 * yet acknowledged, each pool's FREE and BACKUP addresses); {@code dhcp:failover partner-down --confirm} tells this
 * server that the peer is down.
 */
@Command(scope = "dhcp", name = "failover",
        description = "Shows the failover relationship; 'partner-down --confirm' declares the peer down.")
@Service
public class FailoverCommand implements Action {

    static final String PARTNER_DOWN = "partner-down";

    static final String CONFIRM = "--confirm";

    @Argument(name = "action", description = "partner-down: the peer is known to be off (needs --confirm)")
    String action;

    /** Karaf parses options only before the arguments; this takes {@code --confirm} where operators write it. */
    @Argument(index = 1, name = "confirmation", description = "--confirm, after partner-down")
    String trailingConfirmation;

    @Option(name = CONFIRM, description = "Confirms partner-down: the peer is off, not merely unreachable.")
    boolean confirm;

    @Reference(optional = true)
    FailoverAdministration failover;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        if (failover == null) {
            System.out.println("no failover relationship running: standalone, or see dhcp:status if"
                    + " io.tandem.failover is configured");
            return null;
        }
        if (action == null) {
            display.failoverLines(failover.status()).forEach(System.out::println);
            System.out.println();
            Tables.print(FailoverPools.COLUMNS, FailoverPools.rows(admin), "no subnets served");
            return null;
        }
        if (!PARTNER_DOWN.equals(action)) {
            throw new CommandException("unknown action '" + action + "': the only one is " + PARTNER_DOWN);
        }
        if (trailingConfirmation != null && !CONFIRM.equals(trailingConfirmation)) {
            throw new CommandException("unexpected '" + trailingConfirmation + "' after " + PARTNER_DOWN
                    + ": the only word allowed there is " + CONFIRM);
        }
        if (!confirm && trailingConfirmation == null) {
            throw new CommandException("partner-down lets this server allocate the peer's addresses once MCLT has"
                    + " passed: only when the peer is known to be off, never merely unreachable. Repeat with --confirm");
        }
        failover.partnerDown();
        System.out.println("partner-down requested: the peer's addresses become allocatable here after MCLT");
        return null;
    }
}

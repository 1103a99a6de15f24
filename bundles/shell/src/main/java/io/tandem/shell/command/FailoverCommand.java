package io.tandem.shell.command;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.FailoverPools;
import io.tandem.shell.admin.OptionalServices;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import java.util.Arrays;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dhcp:failover}: the relationship with the peer (role, states and since when, the link, MCLT, updates not
 * yet acknowledged, each pool's FREE and BACKUP addresses). Its actions change the relationship and each needs
 * {@code --confirm}: {@code partner-down} tells this server that the peer is down; {@code shutdown} and
 * {@code pause} take this server out of service before a long or a brief stop, handing its clients to the peer.
 */
@Command(scope = "dhcp", name = "failover",
        description = "Shows the failover relationship; 'partner-down', 'shutdown' or 'pause' with --confirm changes it.")
@Service
public class FailoverCommand implements Action {

    static final String CONFIRM = "--confirm";

    /** What each action does, said before it is confirmed and after it is done. */
    private enum Choice {
        PARTNER_DOWN("partner-down",
                "partner-down lets this server allocate the peer's addresses once MCLT has passed: only when the peer"
                        + " is known to be off, never merely unreachable",
                "partner-down requested: the peer's addresses become allocatable here after MCLT"),
        SHUTDOWN("shutdown",
                "shutdown announces SHUTDOWN: the peer goes PARTNER-DOWN and serves every client, this server none"
                        + " until it is restarted, when it recovers every binding from the peer",
                "shutdown requested: this server answers no client until it is restarted; stop it now"),
        PAUSE("pause",
                "pause announces PAUSED: the peer goes COMMUNICATIONS-INTERRUPTED and serves its own addresses, this"
                        + " server none until it is restarted",
                "pause requested: this server answers no client until it is restarted");

        private final String word;
        private final String warning;
        private final String done;

        Choice(String word, String warning, String done) {
            this.word = word;
            this.warning = warning;
            this.done = done;
        }
    }

    @Argument(name = "action", description = "partner-down (the peer is known to be off), shutdown (before a long"
            + " stop) or pause (before a brief one); each needs --confirm")
    String action;

    /** Karaf parses options only before the arguments; this takes {@code --confirm} where operators write it. */
    @Argument(index = 1, name = "confirmation", description = "--confirm, after the action")
    String trailingConfirmation;

    @Option(name = CONFIRM, description = "Confirms the action.")
    boolean confirm;

    @Reference
    OptionalServices services;

    @Reference
    ServerAdministration admin;

    Display display = Display.local();

    @Override
    public Object execute() throws CommandException {
        FailoverAdministration failover = services.failover().orElse(null);
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
        Choice choice = Arrays.stream(Choice.values()).filter(known -> known.word.equals(action)).findFirst()
                .orElseThrow(() -> new CommandException("unknown action '" + action + "': one of "
                        + Arrays.stream(Choice.values()).map(known -> known.word).toList()));
        if (trailingConfirmation != null && !CONFIRM.equals(trailingConfirmation)) {
            throw new CommandException("unexpected '" + trailingConfirmation + "' after " + choice.word
                    + ": the only word allowed there is " + CONFIRM);
        }
        if (!confirm && trailingConfirmation == null) {
            throw new CommandException(choice.warning + ". Repeat with " + CONFIRM);
        }
        switch (choice) {
            case PARTNER_DOWN -> failover.partnerDown();
            case SHUTDOWN -> failover.shutdown();
            case PAUSE -> failover.pause();
        }
        System.out.println(choice.done);
        return null;
    }
}

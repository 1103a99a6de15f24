package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Console.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverAdministration;
import io.tandem.shell.admin.Display;
import io.tandem.shell.testing.BoundServices;
import io.tandem.shell.testing.FakeFailover;
import io.tandem.shell.testing.Fixtures;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverCommandTest {

    private static FailoverCommand command(FailoverAdministration relationship, String action, boolean confirm) {
        FailoverCommand command = new FailoverCommand();
        command.services = BoundServices.failover(relationship);
        command.admin = Fixtures.server();
        command.display = new Display(ZoneOffset.UTC);
        command.action = action;
        command.confirm = confirm;
        return command;
    }

    @Test
    void showsTheRelationshipAndWhoOwnsEachPoolsFreeAddresses() throws Exception {
        String output = output(command(new FakeFailover(), null, false)::execute);

        assertThat(lines(output)).contains(
                "role:                   primary",
                "state:                  NORMAL since 2026-11-28T10:00:00Z",
                "link:                   up",
                "MCLT:                   60 s",
                "load balancing:         128 of 256 buckets here, up to secs 3",
                "updates unacknowledged: 4 (1 in flight)");
        assertThat(table(output).get(0)).isEqualTo(List.of("Subnet", "Pool size", "FREE (primary)",
                "BACKUP (secondary)"));
    }

    @Test
    void partnerDownNeedsConfirmation() throws Exception {
        FakeFailover relationship = new FakeFailover();

        Rejections.assertRejected(command(relationship, "partner-down", false), "partner-down lets this server");
        assertThat(relationship.partnerDowns).isZero();

        output(command(relationship, "partner-down", true)::execute);
        assertThat(relationship.partnerDowns).isEqualTo(1);
    }

    @Test
    void shutdownAndPauseNeedConfirmationAndReachTheRelationship() throws Exception {
        FakeFailover relationship = new FakeFailover();

        Rejections.assertRejected(command(relationship, "shutdown", false), "shutdown announces SHUTDOWN: the peer goes PARTNER-DOWN");
        Rejections.assertRejected(command(relationship, "pause", false), "pause announces PAUSED: the peer goes COMMUNICATIONS-INTERRUPTED");
        assertThat(relationship.shutdowns + relationship.pauses).isZero();

        assertThat(output(command(relationship, "pause", true)::execute)).contains("answers no client");
        assertThat(relationship.pauses).isEqualTo(1);
        assertThat(output(command(relationship, "shutdown", true)::execute)).contains("stop it now");
        assertThat(relationship.shutdowns).isEqualTo(1);
        assertThat(relationship.partnerDowns).isZero();
    }

    @Test
    void anUnknownActionNamesTheKnownOnes() throws Exception {
        Rejections.assertRejected(command(new FakeFailover(), "resume", true),
                "unknown action 'resume': one of [partner-down, shutdown, pause]");
    }

    /** As an operator types it: Karaf hands {@code --confirm} after the action over as a second argument. */
    @Test
    void partnerDownTakesTheConfirmationAfterTheAction() throws Exception {
        FakeFailover relationship = new FakeFailover();
        FailoverCommand confirmedAfter = command(relationship, "partner-down", false);
        confirmedAfter.trailingConfirmation = "--confirm";
        FailoverCommand somethingElseAfter = command(relationship, "partner-down", false);
        somethingElseAfter.trailingConfirmation = "--force";

        Rejections.assertRejected(somethingElseAfter, "unexpected '--force' after partner-down");
        assertThat(relationship.partnerDowns).isZero();
        output(confirmedAfter::execute);
        assertThat(relationship.partnerDowns).isEqualTo(1);
    }

    @Test
    void saysWhenThereIsNoRelationship() throws Exception {
        assertThat(output(command(null, null, false)::execute)).startsWith("no failover relationship running");
    }
}

package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.PairAuditReport;
import io.tandem.shell.testing.BoundServices;
import io.tandem.shell.testing.FakeFailover;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class FailoverAuditCommandTest {

    private static FailoverAuditCommand audit(FailoverAdministration relationship, String file) {
        FailoverAuditCommand command = new FailoverAuditCommand();
        command.services = BoundServices.failover(relationship);
        command.peerLeases = file;
        return command;
    }

    private static FailoverExportCommand export(FailoverAdministration relationship, String file) {
        FailoverExportCommand command = new FailoverExportCommand();
        command.services = BoundServices.failover(relationship);
        command.file = file;
        return command;
    }

    @Test
    void aCleanPairSaysSoAndWhatWasCompared() throws Exception {
        FakeFailover relationship = new FakeFailover().auditFinds(new PairAuditReport(100, 98, true, List.of()));

        String output = output(audit(relationship, "/tmp/peer.leases")::execute);

        assertThat(relationship.audited).containsExactly(Path.of("/tmp/peer.leases"));
        assertThat(lines(output)).containsExactly(
                "leases compared: 100 here, 98 in /tmp/peer.leases",
                "states and times compared: yes, both servers are NORMAL",
                "pair audit: clean");
    }

    @Test
    void everyFindingIsALineAndTheCommandFails() throws Exception {
        FakeFailover relationship = new FakeFailover().auditFinds(new PairAuditReport(3, 3, false, List.of(
                "192.0.2.10 is bound to more than one client: a on the primary, b on the secondary",
                "192.0.2.11 is ACTIVE for c on the primary, which the secondary does not know for that address")));
        CommandException[] thrown = new CommandException[1];

        String output = output(() -> thrown[0] = catchThrowableOfType(CommandException.class,
                audit(relationship, "/tmp/peer.leases")::execute));

        assertThat(lines(output)).containsExactly(
                "leases compared: 3 here, 3 in /tmp/peer.leases",
                "states and times compared: no, the pair is not NORMAL (bindings and identities only)",
                "192.0.2.10 is bound to more than one client: a on the primary, b on the secondary",
                "192.0.2.11 is ACTIVE for c on the primary, which the secondary does not know for that address",
                "pair audit: 2 findings");
        assertThat(thrown[0]).hasMessage("the pair audit found 2 problem(s)");
    }

    @Test
    void anUnreadableFileIsOneLineNamingIt() throws Exception {
        FakeFailover relationship = new FakeFailover()
                .failsWith(new IOException("/tmp/peer.leases: line 7: unknown binding state 'bound'"));

        Rejections.assertRejected(audit(relationship, "/tmp/peer.leases"),
                "cannot audit against /tmp/peer.leases: /tmp/peer.leases: line 7: unknown binding state 'bound'");
    }

    @Test
    void exportSaysWhereAndHowMany() throws Exception {
        FakeFailover relationship = new FakeFailover();

        String output = output(export(relationship, "/tmp/here.leases")::execute);

        assertThat(relationship.exports).containsExactly(Path.of("/tmp/here.leases"));
        assertThat(lines(output)).containsExactly("7 leases written to /tmp/here.leases");
    }

    @Test
    void withoutARelationshipBothRefuse() throws Exception {
        Rejections.assertRejected(audit(null, "/tmp/peer.leases"), "no failover relationship running");
        Rejections.assertRejected(export(null, "/tmp/here.leases"), "no failover relationship running");
    }
}

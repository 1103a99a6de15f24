package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Console.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverStatus;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.shell.admin.Display;
import io.tandem.shell.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverCommandTest {

    private static final Instant SINCE = Instant.parse("2026-11-28T10:00:00Z");

    /** A relationship in NORMAL whose partner-down requests the test counts. */
    private static final class FakeRelationship implements FailoverAdministration {
        int partnerDowns;

        @Override
        public FailoverStatus status() {
            return new FailoverStatus(new FailoverView(FailoverRole.PRIMARY, FailoverState.NORMAL, SINCE,
                    FailoverState.NORMAL, Duration.ofSeconds(60), HashBuckets.split(128), 3,
                    FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP), true,
                    SINCE.plusSeconds(30), 4, 1);
        }

        @Override
        public void partnerDown() {
            partnerDowns++;
        }
    }

    private static FailoverCommand command(FailoverAdministration relationship, String action, boolean confirm) {
        FailoverCommand command = new FailoverCommand();
        command.failover = relationship;
        command.admin = Fixtures.server();
        command.display = new Display(ZoneOffset.UTC);
        command.action = action;
        command.confirm = confirm;
        return command;
    }

    @Test
    void showsTheRelationshipAndWhoOwnsEachPoolsFreeAddresses() throws Exception {
        String output = output(command(new FakeRelationship(), null, false)::execute);

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
        FakeRelationship relationship = new FakeRelationship();

        Rejections.assertRejected(command(relationship, "partner-down", false), "partner-down lets this server");
        assertThat(relationship.partnerDowns).isZero();

        output(command(relationship, "partner-down", true)::execute);
        assertThat(relationship.partnerDowns).isEqualTo(1);
    }

    @Test
    void saysWhenThereIsNoRelationship() throws Exception {
        assertThat(output(command(null, null, false)::execute)).startsWith("no failover relationship running");
    }
}

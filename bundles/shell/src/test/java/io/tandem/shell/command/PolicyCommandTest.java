package io.tandem.shell.command;

import static io.tandem.shell.command.Rejections.assertRejected;
import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyCommandTest {

    private final FakeServer server = Fixtures.server()
            .policy("stable-hash", "io.tandem.policy.stablehash", 50, 7, 1, 2);

    private PolicyCommand command(String action, String name) {
        PolicyCommand command = new PolicyCommand();
        command.admin = server;
        command.action = action;
        command.name = name;
        return command;
    }

    @Test
    void listsEveryPolicyWithTheActiveOneMarkedAndWhatTheOperatorChose() throws Exception {
        assertThat(lines(output(command(null, null)::execute))).containsExactly(
                "Active | Name         | Bundle                      | Ranking | Served | Refused | Failed",
                "-------+--------------+-----------------------------+---------+--------+---------+-------",
                "*      | affinity     | io.tandem.policy.affinity   | 100     | 0      | 0       | 0",
                "       | stable-hash  | io.tandem.policy.stablehash | 50      | 7      | 1       | 2",
                "       | longest-free | io.tandem.core (fallback)   | -       | 0      | 0       | 0",
                "chosen: none, the highest ranking serves (dhcp:policy use NAME chooses one)",
                "allocation policy: affinity");
    }

    @Test
    void useMakesAPolicyActiveAndClearReturnsToTheHighestRanking() throws Exception {
        assertThat(lines(output(command("use", "stable-hash")::execute)))
                .contains("chosen: stable-hash", "allocation policy: stable-hash");
        assertThat(server.chosenPolicy()).contains("stable-hash");

        assertThat(lines(output(command("clear", null)::execute))).contains("allocation policy: affinity");
        assertThat(server.chosenPolicy()).isEmpty();
    }

    @Test
    void aChosenPolicyThatIsNotInstalledIsSaidLoudly() throws Exception {
        server.usePolicy(Optional.of("stable-hash"));
        server.noPolicy();
        assertThat(lines(output(command(null, null)::execute))).contains(
                "chosen: stable-hash (NOT INSTALLED: the highest ranking serves until it is)",
                "allocation policy: NONE INSTALLED: new clients get the address free the longest (core's fallback)"
                        + " until a policy is installed (feature:install tandem-policy-affinity)");
    }

    @Test
    void refusesAnUnknownPolicyAndAnUnknownAction() throws Exception {
        assertRejected(command("use", "stable-hsh"), "no installed allocation policy is called stable-hsh");
        assertRejected(command("use", null), "usage: dhcp:policy [use NAME | clear]");
        assertRejected(command("swap", null), "usage: dhcp:policy [use NAME | clear]");
        assertThat(server.chosenPolicy()).isEmpty();
    }
}

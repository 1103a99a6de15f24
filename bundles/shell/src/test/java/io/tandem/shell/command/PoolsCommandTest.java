package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Console.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ConfigurationProblem;
import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolsCommandTest {

    private static PoolsCommand command(FakeServer server) {
        PoolsCommand command = new PoolsCommand();
        command.admin = server;
        return command;
    }

    @Test
    void showsTheUsageOfEverySubnet() throws Exception {
        String output = output(command(Fixtures.server())::execute);

        assertThat(table(output)).containsExactly(
                List.of("Subnet", "Size", "Free", "Offered", "Active", "Declined", "Reserved", "Used %"),
                List.of("192.0.2.0/24", "11", "8", "1", "1", "1", "2", "27.3"),
                List.of("198.51.100.0/24", "100", "99", "0", "1", "0", "0", "1.0"));
        assertThat(output).doesNotContain("configuration problem");
    }

    @Test
    void pointsToDhcpStatusWhenTheConfigurationHasProblems() throws Exception {
        FakeServer server = Fixtures.server()
                .problem(ConfigurationProblem.rejected("io.tandem.subnet~lab", "lab", "pools", "ends before it starts"))
                .problem(ConfigurationProblem.rejected("io.tandem.server", null, "port", "70000 is not 1-65535"));

        List<String> lines = lines(output(command(server)::execute));

        assertThat(lines.get(lines.size() - 1)).isEqualTo("2 configuration problems: see dhcp:status");
    }

    @Test
    void saysWhenNoSubnetIsServed() throws Exception {
        assertThat(output(command(new FakeServer())::execute)).contains("no subnets served");
    }
}

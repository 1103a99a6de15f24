package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Console.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.testing.Fixtures;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LeasesCommandTest {

    private static LeasesCommand command() {
        LeasesCommand command = new LeasesCommand();
        command.admin = Fixtures.server();
        command.display = Fixtures.UTC;
        return command;
    }

    private static List<String> addresses(String output) {
        return table(output).stream().skip(1).map(row -> row.get(0)).toList();
    }

    @Test
    void listsEveryLeaseOfEveryServedSubnetInAddressOrder() throws Exception {
        String output = output(command()::execute);

        List<List<String>> rows = table(output);
        assertThat(rows.get(0)).containsExactly("Address", "State", "MAC", "Client ID", "Hostname", "Start", "End");
        assertThat(rows.subList(1, rows.size())).containsExactly(
                List.of("192.0.2.10", "ACTIVE", "52:54:00:00:00:01", "01:52:54:00:00:00:01", "printer",
                        "2026-11-24T10:00:00Z", "2026-11-24T22:00:00Z"),
                List.of("192.0.2.11", "OFFERED", "52:54:00:00:00:02", "-", "-",
                        "2026-11-24T10:00:00Z", "2026-11-24T10:00:30Z"),
                List.of("192.0.2.12", "EXPIRED", "52:54:00:00:00:03", "-", "-",
                        "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z"),
                List.of("192.0.2.13", "FREE", "-", "-", "-", "-", "-"),
                List.of("198.51.100.100", "ACTIVE", "52:54:00:00:00:03", "-", "laptop",
                        "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z"));
    }

    @Test
    void subnetOptionListsOnlyThatSubnet() throws Exception {
        LeasesCommand command = command();
        command.subnet = "198.51.100.0/24";

        assertThat(addresses(output(command::execute))).containsExactly("198.51.100.100");
    }

    @Test
    void stateOptionIgnoresCase() throws Exception {
        LeasesCommand command = command();
        command.state = "active";

        assertThat(addresses(output(command::execute))).containsExactly("192.0.2.10", "198.51.100.100");
    }

    @Test
    void macOptionFindsTheLeasesOfOneMacInEverySubnet() throws Exception {
        LeasesCommand command = command();
        command.mac = "52-54-00-00-00-03";

        assertThat(addresses(output(command::execute))).containsExactly("192.0.2.12", "198.51.100.100");
    }

    @Test
    void clientIdOptionMatchesOption61WithOrWithoutColons() throws Exception {
        for (String written : List.of("01:52:54:00:00:00:01", "01525400000001")) {
            LeasesCommand command = command();
            command.clientId = written;

            assertThat(addresses(output(command::execute))).as(written).containsExactly("192.0.2.10");
        }
    }

    @Test
    void optionsCombine() throws Exception {
        LeasesCommand command = command();
        command.subnet = "192.0.2.0/24";
        command.mac = "52:54:00:00:00:03";
        command.state = "EXPIRED";

        assertThat(addresses(output(command::execute))).containsExactly("192.0.2.12");
    }

    @Test
    void saysSoWhenNothingMatches() throws Exception {
        LeasesCommand command = command();
        command.state = "abandoned";

        String output = output(command::execute);

        assertThat(addresses(output)).isEmpty();
        assertThat(output).contains("no leases");
    }

    @Test
    void badArgumentsAreOneLineErrorsAndPrintNothing() throws Exception {
        assertRejected(command -> command.subnet = "192.0.2.0", "not a subnet: '192.0.2.0'");
        assertRejected(command -> command.subnet = "192.0.2.7/24", "not a subnet: '192.0.2.7/24'");
        assertRejected(command -> command.subnet = "203.0.113.0/24",
                "subnet 203.0.113.0/24 is not served (served: 192.0.2.0/24, 198.51.100.0/24)");
        assertRejected(command -> command.state = "bound",
                "not a lease state: 'bound' (one of free, active, expired, released, abandoned, reset, backup,"
                        + " offered)");
        assertRejected(command -> command.mac = "52:54:00:00:00", "not a MAC address: '52:54:00:00:00'");
        assertRejected(command -> command.clientId = "01:zz", "not a client identifier: '01:zz'");
        assertRejected(command -> command.clientId = "01", "not a client identifier: '01'");
    }

    private static void assertRejected(Consumer<LeasesCommand> setUp, String message) throws Exception {
        LeasesCommand command = command();
        setUp.accept(command);
        Rejections.assertRejected(command, message);
    }
}

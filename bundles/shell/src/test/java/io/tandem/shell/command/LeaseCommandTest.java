package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseCommandTest {

    private static LeaseCommand command(String address) {
        LeaseCommand command = new LeaseCommand();
        command.admin = Fixtures.server();
        command.display = Fixtures.UTC;
        command.address = address;
        return command;
    }

    @Test
    void showsEveryFieldOfTheLeaseOfAnAddress() throws Exception {
        List<String> lines = lines(output(command("192.0.2.10")::execute));

        assertThat(lines).containsExactly(
                "address:           192.0.2.10",
                "state:             ACTIVE",
                "client:            id:01:52:54:00:00:00:01",
                "mac:               52:54:00:00:00:01",
                "hostname:          printer",
                "start:             2026-11-24T10:00:00Z",
                "end:               2026-11-24T22:00:00Z",
                "cltt:              2026-11-24T10:00:00Z",
                "tstp:              2026-11-24T22:00:00Z",
                "tsfp:              -",
                "atsfp:             -",
                "peer acknowledged: no",
                "relay agent info:  01:02:00:07");
    }

    @Test
    void showsEveryLeaseOfAMacAddressSeparatedByABlankLine() throws Exception {
        List<String> lines = lines(output(command("52:54:00:00:00:03")::execute));

        assertThat(lines).filteredOn(line -> line.startsWith("address:"))
                .containsExactly("address:           192.0.2.12", "address:           198.51.100.100");
        assertThat(lines).filteredOn(String::isEmpty).hasSize(1);
        assertThat(lines).contains("state:             EXPIRED", "state:             ACTIVE",
                "client:            hw:1:52:54:00:00:00:03");
    }

    @Test
    void saysWhenAnAddressHasNoLease() throws Exception {
        assertThat(output(command("192.0.2.99")::execute)).isEqualTo("no lease for 192.0.2.99\n");
    }

    @Test
    void saysWhenAMacHasNoLease() throws Exception {
        assertThat(output(command("52:54:00:aa:bb:cc")::execute)).isEqualTo("no lease for MAC 52:54:00:aa:bb:cc\n");
    }

    @Test
    void refusesWhatIsNeitherAnAddressNorAMac() throws Exception {
        Rejections.assertRejected(command("192.0.2.256"), "not an IPv4 address: '192.0.2.256'");
        Rejections.assertRejected(command("192.0.2"), "not an IPv4 address: '192.0.2'");
        Rejections.assertRejected(command("printer"), "not an IPv4 or MAC address: 'printer'");
        Rejections.assertRejected(command("52:54:00:00:00:0g"), "not an IPv4 or MAC address: '52:54:00:00:00:0g'");
    }
}

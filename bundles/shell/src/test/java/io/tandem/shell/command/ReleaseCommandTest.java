package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.model.BindingState;
import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReleaseCommandTest {

    private static ReleaseCommand command(FakeServer server, String address) {
        ReleaseCommand command = new ReleaseCommand();
        command.admin = server;
        command.display = Fixtures.UTC;
        command.address = address;
        return command;
    }

    @Test
    void releasesAnActiveLeaseAndShowsIt() throws Exception {
        FakeServer server = Fixtures.server();

        List<String> lines = lines(output(command(server, "192.0.2.10")::execute));

        assertThat(lines.get(0))
                .isEqualTo("released 192.0.2.10 (client id:01:52:54:00:00:00:01, MAC 52:54:00:00:00:01)");
        assertThat(lines).contains("  state:             RELEASED", "  end:               2026-11-24T12:30:00Z");
        assertThat(server.lease(ip("192.0.2.10")).orElseThrow().state()).isEqualTo(BindingState.RELEASED);
    }

    @Test
    void anAddressWithoutAnActiveLeaseIsAnError() throws Exception {
        FakeServer server = Fixtures.server();

        Rejections.assertRejected(command(server, "192.0.2.12"), "no active lease at 192.0.2.12");
        assertThat(server.released()).containsExactly(ip("192.0.2.12"));
    }

    @Test
    void forgetDropsTheClientFromTheReleasedLease() throws Exception {
        FakeServer server = Fixtures.server();
        ReleaseCommand command = command(server, "192.0.2.10");
        command.forget = true;

        String output = output(command::execute);

        assertThat(output).startsWith("released 192.0.2.10 (client -, MAC -)");
        assertThat(server.lease(ip("192.0.2.10")).orElseThrow().client()).isNull();
    }

    @Test
    void refusesAnUnparseableAddressWithoutReleasing() throws Exception {
        FakeServer server = Fixtures.server();

        Rejections.assertRejected(command(server, "52:54:00:00:00:01"), "not an IPv4 address: '52:54:00:00:00:01'");

        assertThat(server.released()).isEmpty();
    }

    @Test
    void reportsAFailedReleaseWithItsCause() {
        FakeServer server = Fixtures.server()
                .releaseCompletesWith(CompletableFuture.failedFuture(new IOException("journal: disk full")));

        assertThatThrownBy(command(server, "192.0.2.10")::execute)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release of 192.0.2.10 failed: journal: disk full");
    }
}

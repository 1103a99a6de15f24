package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static io.tandem.shell.testing.Console.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.testing.FakeTraffic;
import io.tandem.shell.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsCommandTest {

    @Test
    void showsCountersByTypeAndReasonThenLatency() throws Exception {
        StatsCommand command = new StatsCommand();
        command.statistics = new FakeTraffic(Fixtures.traffic());
        command.display = Fixtures.UTC;

        String output = output(command::execute);

        List<String> lines = lines(output);
        assertThat(lines.get(0)).isEqualTo("since 2026-11-24T08:00:00Z");
        assertThat(table(output)).containsExactly(
                List.of("Direction", "Message or reason", "Count"),
                List.of("received", "DHCPDISCOVER", "3"),
                List.of("received", "DHCPREQUEST", "2"),
                List.of("sent", "DHCPACK", "2"),
                List.of("sent", "DHCPOFFER", "3"),
                List.of("dropped", "malformed: truncated", "1"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(
                "latency: count 5, p50 0.420 ms, p90 0.900 ms, p99 2.000 ms, p99.9 3.000 ms, max 3.250 ms");
    }
}

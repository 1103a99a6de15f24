package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.lines;
import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.SettingsInEffect;
import io.tandem.shell.admin.Display;
import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.Fixtures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAndConfigCommandTest {

    @Test
    void statusListsEveryProblemInTheFormOfTheLog() throws Exception {
        FakeServer server = Fixtures.server()
                .problem(ConfigurationProblem.rejected("io.tandem.server", null, "interfaces",
                        "no network interface named op-s0x"))
                .problem(new ConfigurationProblem(ConfigurationProblem.Kind.IGNORED, "io.tandem.subnet~lan", "lan",
                        "dnsServer", "unknown key, its value is not used; did you mean dnsServers?"))
                .problem(new ConfigurationProblem(ConfigurationProblem.Kind.UNREADABLE, null,
                        "io.tandem.subnet-lan.cfg", null, "keys leaseTime and leasetime differ only in case"));
        StatusCommand command = new StatusCommand();
        command.admin = server;

        assertThat(lines(output(command::execute))).containsExactly(
                "subnets served: 2",
                "allocation policy: affinity",
                "lease store: healthy",
                "configuration: 3 problems (a refused value leaves the last good configuration serving)",
                "  configuration rejected pid=io.tandem.server key=interfaces"
                        + " reason=\"no network interface named op-s0x\"",
                "  configuration key ignored pid=io.tandem.subnet~lan name=lan key=dnsServer"
                        + " reason=\"unknown key, its value is not used; did you mean dnsServers?\"",
                "  configuration file not loaded name=io.tandem.subnet-lan.cfg"
                        + " reason=\"keys leaseTime and leasetime differ only in case\"");
    }

    @Test
    void statusSaysWhenThereIsNoProblem() throws Exception {
        StatusCommand command = new StatusCommand();
        command.admin = Fixtures.server();
        assertThat(lines(output(command::execute))).containsExactly("subnets served: 2", "allocation policy: affinity",
                "lease store: healthy", "configuration: no problems");
    }

    @Test
    void statusSaysLoudlyWhenNoPolicyGivesNewClientsAnAddress() throws Exception {
        StatusCommand command = new StatusCommand();
        command.admin = Fixtures.server().noPolicy();
        assertThat(lines(output(command::execute))).contains("allocation policy: NONE INSTALLED: new clients get the"
                + " address free the longest (core's fallback) until a policy is installed (feature:install"
                + " tandem-policy-affinity)");
    }

    @Test
    void statusSaysWhatAStoreThatCannotCommitMeansForClients() throws Exception {
        StatusCommand command = new StatusCommand();
        command.admin = Fixtures.server().storeHealth(new LeaseStoreHealth(LeaseStoreHealth.Condition.COMMITS_FAILING,
                Instant.parse("2026-11-29T10:00:00Z"), "No space left on device"));
        assertThat(lines(output(command::execute))).containsSubsequence("subnets served: 2",
                "lease store: COMMITS_FAILING since " + Display.local().time(Instant.parse("2026-11-29T10:00:00Z"))
                        + ": No space left on device",
                "  requests that need a stored lease get no answer (clients retry, renewing clients keep their"
                        + " address) until a commit succeeds; this clears at the first one that does");
    }

    @Test
    void configShowsEverySectionWithItsKeysAligned() throws Exception {
        Map<String, String> lan = new LinkedHashMap<>();
        lan.put("subnet", "10.123.0.0/24");
        lan.put("leaseTime", "600");
        FakeServer server = new FakeServer()
                .settings(new SettingsInEffect("server", "io.tandem.server", Map.of("interfaces", "eth1")))
                .settings(new SettingsInEffect("subnet lan", "io.tandem.subnet~lan", lan));
        ConfigCommand command = new ConfigCommand();
        command.admin = server;

        assertThat(lines(output(command::execute))).containsExactly(
                "[server] pid io.tandem.server",
                "  interfaces = eth1",
                "",
                "[subnet lan] pid io.tandem.subnet~lan",
                "  subnet    = 10.123.0.0/24",
                "  leaseTime = 600");
    }
}

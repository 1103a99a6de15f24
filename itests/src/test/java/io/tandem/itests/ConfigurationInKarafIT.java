package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.ServerAdministration;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configuration mistakes made on a running server, as an operator makes them: overlapping subnet files added,
 * changed and removed in every order while a client is served, and the problems that must all show in
 * {@code dhcp:status}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationInKarafIT {

    /** Long enough for a new subnet configuration to settle and be judged. */
    private static final Duration JUDGED = Duration.ofMillis(3000);

    @Inject
    private ServerAdministration administration;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private SessionFactory sessions;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(KarafOptions.tandemInKaraf());
    }

    @Before
    public void awaitServing() throws Exception {
        try (RelayedClient client = RelayedClient.toKaraf()) {
            client.awaitServing(mac(0));
        }
    }


    private static HardwareAddress mac(int n) {
        return HardwareAddress.parseEthernet(String.format("02:00:00:01:%02x:%02x", n >>> 8, n & 0xff));
    }

    /** A client served now gets the loopback subnet's own options, never those of a stray file. */
    private void assertServedByTheLoopbackSubnet(int client, String when) throws Exception {
        Optional<DhcpMessage> ack;
        try (RelayedClient relayed = RelayedClient.toKaraf()) {
            ack = relayed.dora(mac(client));
        }
        assertEquals(when + ": ACKed", Optional.of(MessageType.ACK), ack.flatMap(DhcpMessage::messageType));
        assertEquals(when + ": mask", Optional.of(Ipv4Address.parse("255.0.0.0")), ack.get().subnetMask());
        assertEquals(when + ": routers", List.of(Ipv4Address.parse("127.0.0.1")), ack.get().routers());
        assertEquals(when + ": lease time", 3600, ack.get().leaseTime().orElse(-1));
        assertTrue(when + ": address from the loopback pool", ack.get().yiaddr().toString().startsWith("127.0.1."));
    }

    private org.osgi.service.cm.Configuration stray(String name, String cidr, String router) throws Exception {
        org.osgi.service.cm.Configuration configuration =
                configurationAdmin.getFactoryConfiguration("io.tandem.subnet", name, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("subnet", cidr);
        properties.put("pools", "127.0.0.10-127.0.0.200");
        properties.put("routers", router);
        properties.put("leaseTime", "600");
        configuration.update(properties);
        return configuration;
    }

    @Test
    public void overlappingSubnetsAddedChangedAndRemovedInEveryOrderNeverChangeWhatAClientGets() throws Exception {
        List<List<String>> orders = List.of(List.of("add aaa", "add zzz", "change aaa"),
                List.of("add aaa", "change aaa", "add zzz"), List.of("add zzz", "add aaa", "change aaa"),
                List.of("add zzz", "change aaa", "add aaa"), List.of("change aaa", "add aaa", "add zzz"),
                List.of("change aaa", "add zzz", "add aaa"));
        int client = 1;
        for (List<String> order : orders) {
            Set<String> added = new HashSet<>();
            for (String step : order) {
                switch (step) {
                    case "add aaa" -> added.add(stray("aaa", "127.0.0.0/16", "127.0.0.98").getPid());
                    case "add zzz" -> added.add(stray("zzz", "127.0.0.0/24", "127.0.0.99").getPid());
                    default -> added.add(stray("aaa", "127.0.0.0/12", "127.0.0.97").getPid());
                }
                assertServedByTheLoopbackSubnet(client++, order + " right after " + step);
            }
            Thread.sleep(JUDGED.toMillis());
            assertServedByTheLoopbackSubnet(client++, order + " once judged");
            Eventually.awaitTrue("both stray files refused", Duration.ofSeconds(10),
                    () -> status().contains("name=aaa key=subnet") && status().contains("name=zzz key=subnet"),
                    this::status);
            for (String pid : added) {
                org.osgi.service.cm.Configuration[] found =
                        configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
                if (found != null) {
                    found[0].delete();
                }
            }
            Thread.sleep(JUDGED.toMillis());
            assertServedByTheLoopbackSubnet(client++, order + " after the stray files were removed");
        }
        assertEquals(1, administration.subnets().size());
    }

    @Test
    public void dhcpStatusListsEveryKindOfProblemAndDhcpConfigWhatIsInEffect() throws Exception {
        org.osgi.service.cm.Configuration server = configurationAdmin.getConfiguration("io.tandem.server", null);
        Dictionary<String, Object> typo = server.getProperties();
        typo.put("interfaces", "lo, tdm-typo0");
        server.update(typo);
        org.osgi.service.cm.Configuration loopback =
                configurationAdmin.listConfigurations("(service.factoryPid=io.tandem.subnet)")[0];
        Dictionary<String, Object> misspelt = loopback.getProperties();
        misspelt.put("dnsServer", "127.0.0.53");
        loopback.update(misspelt);
        Path broken = Path.of(System.getProperty("karaf.etc"), "io.tandem.subnet-broken.cfg");
        Files.writeString(broken, "subnet = 10.77.0.0/24\nleaseTime = 600\nleasetime = 900\n");
        try {
            Eventually.awaitTrue("every problem listed by dhcp:status", Duration.ofSeconds(20), () -> {
                String status = status();
                return status.contains("configuration rejected pid=io.tandem.server key=interfaces")
                        && status.contains("no network interface named tdm-typo0")
                        && status.contains("name=loopback key=dnsServer")
                        && status.contains("did you mean dnsServers?")
                        && status.contains("configuration file not loaded name=io.tandem.subnet-broken.cfg")
                        && status.contains("keys leaseTime and leasetime differ only in case");
            }, this::status);
            assertServedByTheLoopbackSubnet(500, "with every problem present");

            String config = execute("dhcp:config");
            assertTrue(config, config.contains("[server] pid io.tandem.server"));
            assertTrue(config, config.matches("(?s).*interfaces\\s+= lo\\n.*"));
            assertTrue(config, config.contains("[subnet loopback]"));
            assertTrue(config, config.matches("(?s).*routers\\s+= 127\\.0\\.0\\.1\\n.*"));
            assertTrue(config, config.matches("(?s).*leaseTime\\s+= 3600\\n.*"));
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    @Test
    public void aConfiguredFailoverRelationshipWithoutItsServiceAnswersNoClientInsteadOfRunningStandalone()
            throws Exception {
        org.osgi.service.cm.Configuration failover = configurationAdmin.getConfiguration("io.tandem.failover", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("role", "secondary");
        failover.update(properties);
        try {
            Eventually.awaitTrue("dhcp:status to say the failover service is missing", Duration.ofSeconds(10),
                    () -> status().contains("pid=io.tandem.failover"), this::status);
            Optional<DhcpMessage> ack;
            try (RelayedClient relayed = RelayedClient.toKaraf()) {
                ack = relayed.dora(mac(900));
            }
            assertEquals("no answer while the relationship is configured and its service missing", Optional.empty(),
                    ack);
        } finally {
            failover.delete();
        }
        Eventually.awaitTrue("answering again once the relationship is unconfigured", Duration.ofSeconds(20), () -> {
            try (RelayedClient relayed = RelayedClient.toKaraf()) {
                return relayed.dora(mac(901)).flatMap(DhcpMessage::messageType).equals(Optional.of(MessageType.ACK));
            } catch (Exception e) {
                return false;
            }
        }, this::status);
    }

    /**
     * Karaf unregisters and registers again every command of a bundle when a service one of them references
     * optionally comes or goes, and a command typed meanwhile is "not found". The dhcp commands must stay registered
     * (the same objects) while a failover relationship starts and stops.
     */
    @Test
    public void theDhcpCommandsStayRegisteredWhileAFailoverRelationshipComesAndGoes() throws Exception {
        Eventually.awaitTrue("the dhcp commands registered", Duration.ofSeconds(20),
                () -> registered("status").isPresent(), this::status);
        Command status = dhcpCommand("status");
        Command failover = dhcpCommand("failover");
        // Never called: only its coming and going matters.
        FailoverAdministration relationship = (FailoverAdministration) Proxy.newProxyInstance(
                FailoverAdministration.class.getClassLoader(), new Class<?>[] {FailoverAdministration.class},
                (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        ServiceRegistration<FailoverAdministration> running =
                context.registerService(FailoverAdministration.class, relationship, null);
        try {
            Thread.sleep(JUDGED.toMillis());
            assertSame("dhcp:status while a relationship runs", status, dhcpCommand("status"));
            assertSame("dhcp:failover while a relationship runs", failover, dhcpCommand("failover"));
        } finally {
            running.unregister();
        }
        Thread.sleep(JUDGED.toMillis());
        assertSame("dhcp:status once it stopped", status, dhcpCommand("status"));
        assertTrue(execute("dhcp:failover").contains("no failover relationship running"));
    }

    private Command dhcpCommand(String name) {
        return registered(name).orElseThrow(() -> new AssertionError("dhcp:" + name + " is not registered"));
    }

    private Optional<Command> registered(String name) {
        return sessions.getRegistry().getCommands().stream()
                .filter(command -> "dhcp".equals(command.getScope()) && name.equals(command.getName())).findFirst();
    }

    private String status() {
        try {
            return execute("dhcp:status");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String execute(String command) throws Exception {
        return KarafConsole.execute(sessions, command);
    }
}

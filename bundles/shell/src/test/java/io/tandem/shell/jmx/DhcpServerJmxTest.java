package io.tandem.shell.jmx;

import static io.tandem.shell.testing.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.PairAuditReport;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.model.BindingState;
import io.tandem.shell.admin.OptionalServices;
import io.tandem.shell.testing.FakeFailover;
import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.FakeTraffic;
import io.tandem.shell.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MBean as a JMX client sees it: registered in an MBeanServer and read by name, attribute and operation. */
class DhcpServerJmxTest {

    private final FakeServer server = Fixtures.server()
            .problem(ConfigurationProblem.rejected("io.tandem.server", null, "port", "70000 is not 1-65535"))
            .settings(new SettingsInEffect("server", "io.tandem.server", Map.of("port", "67")));
    private MBeanServer mbeans;
    private ObjectName name;
    private final OptionalServices services = new OptionalServices();
    private DhcpServerJmx jmx;

    @BeforeEach
    void register() throws Exception {
        mbeans = MBeanServerFactory.newMBeanServer();
        name = new ObjectName(DhcpServerJmx.OBJECT_NAME);
        jmx = new DhcpServerJmx(server, new FakeTraffic(Fixtures.traffic()), services, Fixtures.UTC);
        mbeans.registerMBean(jmx, name);
    }

    /** Values cross the wire to a remote console by serialization; open types need no Tandem class there. */
    @SuppressWarnings("unchecked")
    private static <T> T remote(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    private Object invoke(String operation, String argument) throws Exception {
        return mbeans.invoke(name, operation, new Object[] {argument}, new String[] {String.class.getName()});
    }

    private static List<CompositeData> rows(TabularData table) {
        @SuppressWarnings("unchecked")
        Collection<CompositeData> values = (Collection<CompositeData>) table.values();
        return List.copyOf(values);
    }

    @Test
    void thePairAuditIsAnOperationGivingTheCommandsLines() throws Exception {
        FakeFailover relationship = new FakeFailover()
                .auditFinds(new PairAuditReport(4, 4, true, List.of("192.0.2.10 differs between the servers: ends")));
        services.bindFailover(relationship);

        assertThat((String[]) invoke("auditFailover", "/tmp/peer.leases")).containsExactly(
                "leases compared: 4 here, 4 in /tmp/peer.leases",
                "states and times compared: yes, both servers are NORMAL",
                "192.0.2.10 differs between the servers: ends",
                "pair audit: 1 finding");
        assertThat(invoke("exportFailoverLeases", "/tmp/here.leases"))
                .isEqualTo("7 leases written to /tmp/here.leases");
        assertThat(relationship.exports).containsExactly(Path.of("/tmp/here.leases"));
    }

    @Test
    void thePairAuditWithoutARelationshipIsRefused() {
        assertThatThrownBy(() -> invoke("auditFailover", "/tmp/peer.leases"))
                .hasRootCauseMessage("no failover relationship running: there is no pair to audit");
    }

    @Test
    void poolsAreARowPerSubnetWithNumbers() throws Exception {
        TabularData pools = remote(mbeans.getAttribute(name, "Pools"));

        CompositeData office = pools.get(new Object[] {"192.0.2.0/24"});
        assertThat(office.get("Size")).isEqualTo(11L);
        assertThat(office.get("Free")).isEqualTo(8L);
        assertThat(office.get("Offered")).isEqualTo(1L);
        assertThat(office.get("Active")).isEqualTo(1L);
        assertThat(office.get("Declined")).isEqualTo(1L);
        assertThat(office.get("Used %")).isEqualTo(27.3);
        assertThat(pools.get(new Object[] {"198.51.100.0/24"}).get("Size")).isEqualTo(100L);
        assertThat(pools.size()).isEqualTo(2);
    }

    @Test
    void configurationProblemsAreLines() throws Exception {
        assertThat((String[]) mbeans.getAttribute(name, "ConfigurationProblems"))
                .containsExactly("configuration rejected pid=io.tandem.server key=port reason=\"70000 is not 1-65535\"");
    }

    @Test
    void settingsInEffectAreTheLinesOfDhcpConfig() throws Exception {
        assertThat((String[]) mbeans.getAttribute(name, "SettingsInEffect"))
                .containsExactly("[server] pid io.tandem.server", "  port = 67");
    }

    @Test
    void statisticsAreCountersByDirectionAndName() throws Exception {
        TabularData counters = remote(mbeans.getAttribute(name, "Statistics"));

        assertThat(counters.size()).isEqualTo(5);
        assertThat(counters.get(new Object[] {"received", "DHCPDISCOVER"}).get("Count")).isEqualTo(3L);
        assertThat(counters.get(new Object[] {"sent", "DHCPACK"}).get("Count")).isEqualTo(2L);
        assertThat(counters.get(new Object[] {"dropped", "malformed: truncated"}).get("Count")).isEqualTo(1L);
        assertThat(mbeans.getAttribute(name, "StatisticsSince")).isEqualTo("2026-11-24T08:00:00Z");
    }

    @Test
    void latencyIsInMilliseconds() throws Exception {
        CompositeData latency = remote(mbeans.getAttribute(name, "Latency"));

        assertThat(latency.get("count")).isEqualTo(5L);
        assertThat(latency.get("p50")).isEqualTo(0.42);
        assertThat(latency.get("p90")).isEqualTo(0.9);
        assertThat(latency.get("p99")).isEqualTo(2.0);
        assertThat(latency.get("p99.9")).isEqualTo(3.0);
        assertThat(latency.get("max")).isEqualTo(3.25);
    }

    @Test
    void leasesOfOneSubnetOrOfAll() throws Exception {
        TabularData lab = remote(invoke("leases", "198.51.100.0/24"));
        TabularData all = remote(invoke("leases", ""));

        assertThat(rows(lab)).singleElement().satisfies(row -> {
            assertThat(row.get("Address")).isEqualTo("198.51.100.100");
            assertThat(row.get("State")).isEqualTo("ACTIVE");
            assertThat(row.get("MAC")).isEqualTo("52:54:00:00:00:03");
            assertThat(row.get("Hostname")).isEqualTo("laptop");
            assertThat(row.get("End")).isEqualTo("2026-11-24T11:00:00Z");
        });
        assertThat(all.size()).isEqualTo(5);
        assertThat(all.get(new Object[] {"192.0.2.10"}).get("Client ID")).isEqualTo("01:52:54:00:00:00:01");
    }

    @Test
    void leaseHasEveryFieldOrIsNull() throws Exception {
        CompositeData lease = remote(invoke("lease", "192.0.2.10"));

        assertThat(lease.get("state")).isEqualTo("ACTIVE");
        assertThat(lease.get("client")).isEqualTo("id:01:52:54:00:00:00:01");
        assertThat(lease.get("relay agent info")).isEqualTo("01:02:00:07");
        assertThat(lease.getCompositeType().keySet()).hasSize(13);
        assertThat(invoke("lease", "192.0.2.99")).isNull();
    }

    @Test
    void releaseReleasesAndSaysWhat() throws Exception {
        assertThat(invoke("release", "198.51.100.100"))
                .isEqualTo("released 198.51.100.100 (client hw:1:52:54:00:00:00:03, MAC 52:54:00:00:00:03)");
        assertThat(server.lease(ip("198.51.100.100")).orElseThrow().state()).isEqualTo(BindingState.RELEASED);
        assertThat(invoke("release", "198.51.100.100")).isEqualTo("no active lease at 198.51.100.100");
    }

    @Test
    void badArgumentsAreIllegalArgumentsWithTheShellsMessage() {
        assertThatThrownBy(() -> invoke("lease", "printer"))
                .isInstanceOf(RuntimeMBeanException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("not an IPv4 address: 'printer'");
        assertThatThrownBy(() -> invoke("leases", "203.0.113.0/24"))
                .cause().hasMessage("subnet 203.0.113.0/24 is not served (served: 192.0.2.0/24, 198.51.100.0/24)");
        assertThatThrownBy(() -> invoke("release", "192.0.2.300"))
                .cause().hasMessage("not an IPv4 address: '192.0.2.300'");
        assertThat(server.released()).isEmpty();
    }

    @Test
    void listsThePoliciesAndChoosesOne() throws Exception {
        TabularData policies = remote(mbeans.getAttribute(name, "Policies"));
        assertThat(policies.values()).hasSize(2);
        CompositeData affinity = policies.get(new Object[] {"affinity"});
        assertThat(affinity.get("Active")).isEqualTo(true);
        assertThat(affinity.get("Ranking")).isEqualTo(100);
        assertThat(mbeans.getAttribute(name, "PolicyChoice"))
                .isEqualTo("chosen: none, the highest ranking serves (dhcp:policy use NAME chooses one)");

        server.policy("stable-hash", "io.tandem.policy.stablehash", 50, 0, 0, 0);
        assertThat(invoke("usePolicy", "stable-hash")).isEqualTo("allocation policy: stable-hash");
        assertThat(server.chosenPolicy()).contains("stable-hash");
        assertThatThrownBy(() -> invoke("usePolicy", "stable-hsh")).isInstanceOf(RuntimeMBeanException.class)
                .cause().hasMessageStartingWith("no installed allocation policy is called stable-hsh");
        assertThat(invoke("usePolicy", "")).isEqualTo("allocation policy: affinity");
        assertThat(server.chosenPolicy()).isEmpty();
    }
}

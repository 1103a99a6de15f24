package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.PolicyStatus;
import io.tandem.api.Proposal;
import io.tandem.api.ServerAdministration;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whole server in a real Karaf, fed over real UDP sockets on loopback: a full DORA leaves a durable lease that the
 * shell and JMX show, and swapping the allocation policy while clients are being served loses no request.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerInKarafIT {

    @Inject
    private BundleContext context;

    @Inject
    private ServerAdministration administration;

    @Inject
    private TrafficStatistics statistics;

    @Inject
    private SessionFactory sessions;

    @Inject
    private MBeanServer jmx;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(KarafOptions.tandemInKaraf());
    }

    private static HardwareAddress mac(int n) {
        return HardwareAddress.parseEthernet(String.format("02:00:00:00:%02x:%02x", n >>> 8, n & 0xff));
    }

    @Before
    public void awaitServing() throws Exception {
        try (RelayedClient client = RelayedClient.toKaraf()) {
            client.awaitServing(mac(0));
        }
    }


    @Test
    public void aFullDoraOverUdpLeavesAnActiveLeaseThatTheShellAndJmxShow() throws Exception {
        Optional<DhcpMessage> ack;
        try (RelayedClient client = RelayedClient.toKaraf()) {
            ack = client.dora(mac(1));
        }
        assertTrue("DORA answered", ack.isPresent());
        assertEquals(Optional.of(MessageType.ACK), ack.get().messageType());
        Ipv4Address address = ack.get().yiaddr();
        assertTrue(address + " from the pool", address.toString().startsWith("127.0.1."));
        Lease lease = administration.lease(address).orElseThrow();
        assertEquals(BindingState.ACTIVE, lease.state());
        assertEquals(mac(1), lease.hardware());
        // Counted when the socket write completes, which may be just after the client has read the ACK.
        Eventually.awaitTrue("the ACK counted as sent", Duration.ofSeconds(5),
                () -> statistics.snapshot().sent().getOrDefault("DHCPACK", 0L) >= 1,
                () -> "statistics: " + statistics.snapshot());

        String leases = execute("dhcp:leases");
        assertTrue(leases, leases.contains(address.toString()) && leases.contains("ACTIVE"));
        String pools = execute("dhcp:pools");
        assertTrue(pools, pools.contains("127.0.0.0/8"));
        String stats = execute("dhcp:stats");
        assertTrue(stats, stats.contains("DHCPACK"));

        TabularData pool = (TabularData) jmx.getAttribute(new ObjectName("io.tandem:type=DhcpServer"), "Pools");
        assertEquals(1, pool.size());
    }

    /** What dhcp:status names: the policy in use. */
    private String activePolicy() {
        return administration.policies().stream().filter(PolicyStatus::active).map(PolicyStatus::name)
                .findFirst().orElseThrow();
    }

    @Test
    public void swappingThePolicyWhileServingLosesNoRequest() throws Exception {
        AtomicBoolean serving = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Ipv4Address> granted = new CopyOnWriteArrayList<>();
        Thread clients = new Thread(() -> {
            try (RelayedClient client = RelayedClient.toKaraf()) {
                for (int n = 100; serving.get(); n++) {
                    Optional<DhcpMessage> ack = client.dora(mac(n));
                    if (ack.isEmpty() || !ack.get().messageType().equals(Optional.of(MessageType.ACK))) {
                        failures.add("client " + n + " got " + ack.flatMap(DhcpMessage::messageType));
                    } else {
                        granted.add(ack.get().yiaddr());
                        // Give the address back so that every DORA is a new client the policy must place.
                        client.release(mac(n), ack.get().yiaddr(), ack.get().serverIdentifier().orElseThrow());
                    }
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
        });
        clients.start();
        for (int swap = 0; swap < 20; swap++) {
            ServiceRegistration<AllocationPolicy> highest = context.registerService(AllocationPolicy.class,
                    new HighestFree(), ranking(1000));
            TimeUnit.MILLISECONDS.sleep(50);
            if (swap == 0) {
                // What dhcp:status names: the policy in use.
                assertEquals("itest-highest-free", activePolicy());
            }
            highest.unregister();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertEquals("affinity", activePolicy());
        // The swapped-in policy really placed clients: it picks from the top of the pool, affinity from the bottom.
        assertTrue("addresses from the swapped-in policy: " + granted,
                granted.stream().anyMatch(address -> address.toString().equals("127.0.1.250")));
        serving.set(false);
        clients.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of(), failures);
        assertTrue("clients were served during the swaps: " + granted.size(), granted.size() >= 20);
    }

    @Test
    public void aBadConfigurationIsRefusedAndTheLastGoodKeepsServing() throws Exception {
        org.osgi.service.cm.Configuration store = configurationAdmin.getConfiguration("io.tandem.store", null);
        Dictionary<String, Object> badStore = new Hashtable<>();
        badStore.put("maxLeasesPerCommit", "0");
        store.update(badStore);
        org.osgi.service.cm.Configuration subnet = configurationAdmin.listConfigurations("(service.factoryPid=io.tandem.subnet)")[0];
        Dictionary<String, Object> badSubnet = subnet.getProperties();
        badSubnet.put("pools", "127.0.1.10-nonsense");
        subnet.update(badSubnet);

        Eventually.awaitTrue("the bad pools value refused", Duration.ofSeconds(10),
                () -> administration.configurationProblems().stream().anyMatch(problem -> problem.toString().contains("key=pools")),
                () -> "problems listed: " + administration.configurationProblems());
        Optional<DhcpMessage> ack;
        try (RelayedClient client = RelayedClient.toKaraf()) {
            ack = client.dora(mac(2));
        }
        assertEquals("served with the last good configuration", Optional.of(MessageType.ACK),
                ack.flatMap(DhcpMessage::messageType));
        assertTrue(ack.get().yiaddr().toString().startsWith("127.0.1."));
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    /** A policy a test can tell apart: it never has affinity and walks the pool from the top. */
    private static final class HighestFree implements AllocationPolicy {
        @Override
        public String name() {
            return "itest-highest-free";
        }

        @Override
        public Proposal propose(AllocationRequest request) {
            for (int last = 250; last >= 10; last--) {
                Ipv4Address candidate = Ipv4Address.parse("127.0.1." + last);
                if (request.allocatable().contains(candidate)) {
                    return new Proposal.Offer(candidate);
                }
            }
            return new Proposal.NoAddress("pool exhausted");
        }
    }

    private String execute(String command) throws Exception {
        return KarafConsole.execute(sessions, command);
    }
}

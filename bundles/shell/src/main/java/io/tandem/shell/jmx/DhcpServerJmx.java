package io.tandem.shell.jmx;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.PoolUsage;
import io.tandem.api.ServerAdministration;
import io.tandem.api.TrafficSnapshot;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import io.tandem.shell.admin.Display;
import io.tandem.shell.admin.LeaseFilter;
import io.tandem.shell.admin.LeaseQueries;
import io.tandem.shell.admin.OptionalServices;
import io.tandem.shell.admin.UserInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link DhcpServerMBean} as an OSGi service carrying {@code jmx.objectname}: in Karaf, the Aries JMX whiteboard
 * of the {@code management} feature registers every such service with Karaf's MBeanServer, and unregisters it
 * when the service goes away. Invalid arguments raise {@link IllegalArgumentException} with the shell's message.
 */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + DhcpServerJmx.OBJECT_NAME)
public final class DhcpServerJmx extends StandardMBean implements DhcpServerMBean {

    static final String OBJECT_NAME = "io.tandem:type=DhcpServer";

    private final ServerAdministration admin;
    private final TrafficStatistics statistics;
    private final LeaseQueries queries;
    private final Display display;
    private final OptionalServices services;

    @Activate
    public DhcpServerJmx(@Reference ServerAdministration admin, @Reference TrafficStatistics statistics,
                         @Reference OptionalServices services) throws NotCompliantMBeanException {
        this(admin, statistics, services, Display.local());
    }

    DhcpServerJmx(ServerAdministration admin, TrafficStatistics statistics, OptionalServices services,
                  Display display) throws NotCompliantMBeanException {
        super(DhcpServerMBean.class);
        this.admin = admin;
        this.statistics = statistics;
        this.services = services;
        this.queries = new LeaseQueries(admin);
        this.display = display;
    }

    @Override
    public String[] getFailover() {
        return services.failover().map(relationship -> display.failoverLines(relationship.status())
                .toArray(String[]::new)).orElse(new String[] {"no failover relationship running"});
    }

    @Override
    public String[] auditFailover(String peerLeaseFile) {
        Path file = Path.of(peerLeaseFile);
        try {
            return Display.auditLines(relationship().audit(file), file).toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot audit against " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    @Override
    public String exportFailoverLeases(String file) {
        Path target = Path.of(file);
        try {
            return relationship().exportLeases(target) + " leases written to " + target.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + target.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    private FailoverAdministration relationship() {
        return services.failover().orElseThrow(() -> new IllegalArgumentException(OptionalServices.NO_PAIR));
    }

    @Override
    public TabularData getPools() {
        TabularData table = OpenTypes.newPools();
        for (PoolUsage pool : admin.pools()) {
            table.put(OpenTypes.pool(pool));
        }
        return table;
    }

    @Override
    public String[] getConfigurationProblems() {
        return admin.configurationProblems().stream().map(Object::toString).toArray(String[]::new);
    }

    @Override
    public String getAllocationPolicy() {
        return Display.policyLine(admin.policies());
    }

    @Override
    public TabularData getPolicies() {
        TabularData table = OpenTypes.newPolicies();
        admin.policies().forEach(policy -> table.put(OpenTypes.policy(policy)));
        return table;
    }

    @Override
    public String getPolicyChoice() {
        return Display.choiceLine(admin.chosenPolicy(), admin.policies());
    }

    @Override
    public String usePolicy(String name) {
        admin.usePolicy(name == null || name.isBlank() ? Optional.empty() : Optional.of(name.trim()));
        return Display.policyLine(admin.policies());
    }

    @Override
    public String[] getStoreHealth() {
        return display.storeHealthLines(admin.storeHealth()).toArray(String[]::new);
    }

    @Override
    public String[] getSettingsInEffect() {
        return Display.settingsLines(admin.settingsInEffect()).toArray(String[]::new);
    }

    @Override
    public TabularData getStatistics() {
        TabularData table = OpenTypes.newCounters();
        Display.counters(statistics.snapshot())
                .forEach(counter -> table.put(OpenTypes.counter(counter.direction(), counter.name(), counter.count())));
        return table;
    }

    @Override
    public CompositeData getLatency() {
        TrafficSnapshot.Latency latency = statistics.snapshot().latency();
        return OpenTypes.latency(latency.count(), millis(latency.p50()), millis(latency.p90()), millis(latency.p99()),
                millis(latency.p999()), millis(latency.max()));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    @Override
    public String getStatisticsSince() {
        return display.time(statistics.snapshot().since());
    }

    @Override
    public TabularData leases(String subnet) {
        LeaseFilter filter = LeaseFilter.parse(subnet, null, null, null, admin.subnets());
        TabularData table = OpenTypes.newLeases();
        queries.matching(filter).forEach(lease -> table.put(OpenTypes.leaseRow(display.leaseRow(lease))));
        return table;
    }

    @Override
    public CompositeData lease(String address) {
        Optional<Lease> lease = admin.lease(UserInput.address(address));
        return lease.map(found -> OpenTypes.leaseFields(display.leaseFields(found))).orElse(null);
    }

    @Override
    public String release(String address) {
        Ipv4Address ip = UserInput.address(address);
        return Display.releaseHeadline(ip, queries.release(ip, false));
    }

    @Override
    public String releaseAndForget(String address) {
        Ipv4Address ip = UserInput.address(address);
        return Display.releaseHeadline(ip, queries.release(ip, true));
    }
}

package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.DhcpHandler;
import io.tandem.api.FailoverService;
import io.tandem.api.LeaseStore;
import io.tandem.api.PoolUsage;
import io.tandem.api.ReceivingLink;
import io.tandem.api.ServerAdministration;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's OSGi wiring. Commits through the {@link LeaseStore}; asks the highest-ranked
 * {@link AllocationPolicy}, swapped between two requests when a better one appears or the active one leaves (a
 * request in flight keeps the policy it started with); consults a {@link FailoverService} when one is registered
 * and runs standalone when none is; serves every configured {@code io.tandem.subnet}.
 */
@Component(service = {DhcpHandler.class, ServerAdministration.class}, configurationPid = EngineComponent.PID)
@Designate(ocd = EngineConfig.class)
public final class EngineComponent implements DhcpHandler, ServerAdministration {

    static final String PID = "io.tandem.engine";
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(EngineComponent.class);

    private final AtomicReference<AllocationPolicy> policy = new AtomicReference<>();
    private final AtomicReference<FailoverService> failover = new AtomicReference<>();
    private final Set<SubnetComponent> subnets = ConcurrentHashMap.newKeySet();
    private final Engine engine;
    private final Administration administration;
    private volatile List<String> engineProblems = List.of();
    private volatile List<String> overlapProblems = List.of();
    /** Set once deactivation starts: DS unbinds the policy after that, which is no loss worth a warning. */
    private volatile boolean stopping;

    @Activate
    public EngineComponent(@Reference LeaseStore store, @Reference TrafficStatistics statistics, EngineConfig config) {
        EngineSettings settings = EngineSettings.DEFAULTS;
        try {
            settings = EngineSettings.from(PID, config);
        } catch (ConfigurationException e) {
            refused(e);
        }
        engine = new Engine(store, statistics, Clock.systemUTC(), settings,
                () -> Optional.ofNullable(policy.get()), () -> Optional.ofNullable(failover.get()), SWEEP_EVERY);
        administration = new Administration(engine, this::problems);
    }

    @Activate
    void activate() {
        refreshSubnets();
    }

    @Modified
    void modified(EngineConfig config) {
        try {
            engine.settings(EngineSettings.from(PID, config));
            engineProblems = List.of();
        } catch (ConfigurationException e) {
            refused(e);
        }
    }

    private void refused(ConfigurationException e) {
        engineProblems = List.of(e.getMessage());
        LOG.error(e.getMessage() + " serving=last-good");
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(AllocationPolicy chosen) {
        policy.set(chosen);
        LOG.info("allocation policy active name=" + chosen.name());
    }

    void unbindPolicy(AllocationPolicy gone) {
        if (policy.compareAndSet(gone, null) && !stopping) {
            LOG.warn("allocation policy removed name=" + gone.name()
                    + " new clients get no address until a policy is installed");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFailover(FailoverService service) {
        failover.set(service);
        LOG.info("failover service bound role=" + service.view().role());
    }

    void unbindFailover(FailoverService gone) {
        if (failover.compareAndSet(gone, null)) {
            LOG.info("failover service unbound running=standalone");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSubnet(SubnetComponent subnet) {
        subnets.add(subnet);
        subnet.watch(this::refreshSubnets);
        refreshSubnets();
    }

    void unbindSubnet(SubnetComponent subnet) {
        subnets.remove(subnet);
        refreshSubnets();
    }

    private synchronized void refreshSubnets() {
        if (engine == null) {
            return;
        }
        List<SubnetSettings> configured = subnets.stream().map(SubnetComponent::settings).flatMap(Optional::stream)
                .sorted(Comparator.comparing(SubnetSettings::pid)).toList();
        overlapProblems = engine.serve(configured);
        overlapProblems.forEach(LOG::error);
    }

    private List<String> problems() {
        List<String> all = new ArrayList<>(engineProblems);
        subnets.stream().map(SubnetComponent::problem).flatMap(Optional::stream).sorted().forEach(all::add);
        all.addAll(overlapProblems);
        return all;
    }

    @Override
    public CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link) {
        return engine.handle(request, link);
    }

    @Override
    public List<Subnet> subnets() {
        return administration.subnets();
    }

    @Override
    public List<PoolUsage> pools() {
        return administration.pools();
    }

    @Override
    public List<Lease> leases(Subnet subnet) {
        return administration.leases(subnet);
    }

    @Override
    public Optional<Lease> lease(Ipv4Address address) {
        return administration.lease(address);
    }

    @Override
    public CompletionStage<Optional<Lease>> release(Ipv4Address address) {
        return administration.release(address);
    }

    @Override
    public List<String> configurationProblems() {
        return administration.configurationProblems();
    }
}

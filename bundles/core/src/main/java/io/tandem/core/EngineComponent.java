package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.AllocationPolicy;
import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ConfigurationReport;
import io.tandem.api.Burst;
import io.tandem.api.DhcpHandler;
import io.tandem.api.FailoverService;
import io.tandem.api.LeaseStore;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.PeerBindings;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.PoolBalancing;
import io.tandem.api.PolicyStatus;
import io.tandem.api.PoolUsage;
import io.tandem.api.ReceivingLink;
import io.tandem.api.ScratchStores;
import io.tandem.api.ServerAdministration;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.ComponentServiceObjects;
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
 * and runs standalone when none is; serves the {@code io.tandem.subnet} configurations {@link SubnetArbiter} lets
 * serve, and gathers every bundle's {@link ConfigurationReport} for the shell and JMX.
 */
@Component(service = {DhcpHandler.class, ServerAdministration.class, PeerBindings.class,
        ConfigurationListener.class},
        configurationPid = EngineComponent.PID)
@Designate(ocd = EngineConfig.class)
public final class EngineComponent implements DhcpHandler, ServerAdministration, PeerBindings,
        ConfigurationListener {

    static final String PID = "io.tandem.engine";
    private static final String POLICY_KEY = "policy";
    private static final Duration POLICY_GRACE = Duration.ofSeconds(10);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final String SERVING_RECORD = "serving-subnets";
    private static final Logger LOG = LoggerFactory.getLogger(EngineComponent.class);

    private final InstalledPolicies policies = new InstalledPolicies();
    private final AtomicReference<FailoverService> failover = new AtomicReference<>();
    /** The failover service DS bound last, fetched into {@link #failover} by {@link #failoverFetcher}. */
    private final AtomicReference<ComponentServiceObjects<FailoverService>> boundFailover = new AtomicReference<>();
    private final ExecutorService failoverFetcher =
            Executors.newSingleThreadExecutor(Threads.named("tandem-failover-bind"));
    private final AtomicReference<MissingFailover> configuredFailover = new AtomicReference<>();
    private final Set<SubnetComponent> subnets = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService settleTimer =
            Executors.newSingleThreadScheduledExecutor(Threads.named("tandem-subnet-settle"));
    private final ExecutorService rehearsing = Executors.newSingleThreadExecutor(Threads.named("tandem-rehearsal"));
    /** Completes when the start's rehearsal is over (or skipped): packet I/O binds its sockets then. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ScratchStores scratchStores;
    private final ConfigurationAdmin configurations;
    private final BundleContext context;
    private final SubnetArbitration arbitration;
    private final Engine engine;
    private final Administration administration;
    private final PolicyChoiceKeeper choiceKeeper;
    private volatile EngineSettings settings = EngineSettings.DEFAULTS;
    private volatile List<ConfigurationProblem> engineProblems = List.of();
    private volatile List<ConfigurationProblem> overlapProblems = List.of();
    /** Set once deactivation starts: DS unbinds the policy after that, which is no loss worth a warning. */
    private volatile boolean stopping;

    @Activate
    public EngineComponent(@Reference LeaseStore store, @Reference TrafficStatistics statistics,
                           @Reference ConfigurationAdmin configurations,
                           @Reference ScratchStores scratchStores,
                           BundleContext context, EngineConfig config) {
        try {
            settings = EngineSettings.from(PID, config);
        } catch (ConfigurationRejectedException e) {
            refused(e);
        }
        this.configurations = configurations;
        this.scratchStores = scratchStores;
        this.context = context;
        // Karaf writes configurations back to their etc/ files unless told not to.
        choiceKeeper = new PolicyChoiceKeeper(configurations, PID, POLICY_KEY,
                !"false".equalsIgnoreCase(context.getProperty("felix.fileinstall.enableConfigSave")));
        arbitration = new SubnetArbitration(new ServingRecord(context.getDataFile(SERVING_RECORD).toPath()),
                subnetPidsHeld());
        followFailoverConfiguration();
        policies.choose(settings.policy());
        engine = new Engine(store, statistics, Clock.systemUTC(), settings, policies, this::failover, SWEEP_EVERY);
        administration = new Administration(engine, this::problems, this::inEffect, policies,
                this::keepPolicyChoice);
    }

    @Activate
    void activate() {
        rehearse();
        refreshSubnets();
        // A policy bundle may start a moment after core: only one still missing by then is worth a warning.
        settleTimer.schedule(policies::warnIfNone, POLICY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the start's {@link Rehearsal} on a thread of its own, so that Karaf goes on starting meanwhile; a rehearsal
     * that fails is logged, and the sockets are bound all the same.
     */
    private void rehearse() {
        int clients = settings.rehearsalClients();
        if (clients == 0) {
            LOG.info("request path not rehearsed reason=\"rehearsalClients = 0\"");
            ready.complete(null);
            return;
        }
        InstalledPolicies policy = policies.activeAlone();
        LOG.info("request path rehearsal starting clients=" + clients + " subnet=" + Rehearsal.SUBNET
                + " scratch=true effect=\"DHCP sockets bound after it\"");
        rehearsing.execute(() -> {
            try {
                Rehearsal.Result done = new Rehearsal(scratchStores, policy, settings).run(clients);
                String line = "request path rehearsed clients=" + clients + " messages=" + done.messages()
                        + " answeredAsExpected=" + done.expectedReplies() + " policy="
                        + policy.active().map(active -> active.policy().name()).orElse(PolicyStatus.FALLBACK)
                        + " millis=" + done.took().toMillis()
                        + (done.dropped().isEmpty() ? "" : " dropped=\"" + done.dropped() + "\"")
                        + done.firstUnexpected().map(first -> " firstUnexpected=\"" + first + "\"").orElse("");
                // A made-up client answered otherwise than the protocol says is a fault in the request path.
                if (done.firstUnexpected().isPresent()) {
                    LOG.warn(line);
                } else {
                    LOG.info(line);
                }
            } catch (InterruptedException e) {
                LOG.info("request path rehearsal stopped reason=\"engine stopping\"");
            } catch (RuntimeException e) {
                LOG.warn("request path not rehearsed error=\"" + e + "\" effect=\"the first clients may meet code"
                        + " not yet compiled\"");
            } finally {
                ready.complete(null);
            }
        });
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    @Modified
    void modified(EngineConfig config) {
        try {
            settings = EngineSettings.from(PID, config);
            engine.settings(settings);
            policies.choose(settings.policy());
            engineProblems = List.of();
        } catch (ConfigurationRejectedException e) {
            refused(e);
        }
    }

    private void refused(ConfigurationRejectedException e) {
        engineProblems = List.of(e.problem());
        LOG.error(e.getMessage() + " serving=last-good");
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        rehearsing.shutdownNow();
        try {
            // The rehearsal closes and deletes its scratch store as it stops.
            rehearsing.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settleTimer.shutdownNow();
        failoverFetcher.shutdownNow();
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(ServiceReference<AllocationPolicy> reference, AllocationPolicy installed) {
        policies.add(installed, reference.getBundle().getSymbolicName(), ranking(reference));
    }

    void updatedPolicy(ServiceReference<AllocationPolicy> reference, AllocationPolicy installed) {
        policies.rank(installed, ranking(reference));
    }

    void unbindPolicy(AllocationPolicy gone) {
        // Once deactivation starts DS unbinds every policy, which is no loss worth a log line; nor is a policy
        // bundle stopped before core when the whole server stops.
        if (!stopping && !frameworkStopping()) {
            policies.remove(gone);
        }
    }

    private boolean frameworkStopping() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.STOPPING;
    }

    /**
     * The policy's ranking. {@code config:property-set} stores a ranking as text, which the framework ignores; core
     * reads it, so that an operator can rank policies from the shell.
     */
    static int ranking(ServiceReference<?> reference) {
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        if (ranking instanceof Integer number) {
            return number;
        }
        if (ranking instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                LOG.warn("allocation policy ranking ignored bundle=" + reference.getBundle().getSymbolicName()
                        + " service.ranking=\"" + text + "\" reason=\"not a whole number\" ranking=0");
            }
        }
        return 0;
    }

    /**
     * The failover component needs core's {@link PeerBindings}, so DS activates core for it while it is itself being
     * activated: fetching its service during that (as a plain binding does) is a cycle, which Felix logs as an error
     * at some fresh starts of a pair. The service is fetched on a thread of core's own instead, once both
     * activations are done; until then core has the configured-but-missing stand-in and answers no client.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFailover(ComponentServiceObjects<FailoverService> objects) {
        boundFailover.set(objects);
        failoverFetcher.execute(() -> fetchFailover(objects));
    }

    /** Takes the bound failover service into use, unless DS unbound it meanwhile. */
    private void fetchFailover(ComponentServiceObjects<FailoverService> objects) {
        FailoverService service;
        try {
            service = objects.getService();
        } catch (RuntimeException e) {
            LOG.error("failover service not fetched error=\"" + e + "\" running=no-client-answered");
            return;
        }
        if (service == null) {
            return;
        }
        synchronized (boundFailover) {
            if (boundFailover.get() != objects) {
                objects.ungetService(service);
                return;
            }
            failover.set(service);
        }
        LOG.info("failover service bound role=" + service.view().role());
    }

    void unbindFailover(ComponentServiceObjects<FailoverService> objects) {
        FailoverService gone;
        synchronized (boundFailover) {
            if (!boundFailover.compareAndSet(objects, null)) {
                return;
            }
            gone = failover.getAndSet(null);
        }
        if (gone != null) {
            objects.ungetService(gone);
        }
        LOG.info("failover service unbound" + (configuredFailover.get() == null ? " running=standalone"
                : " running=no-client-answered reason=\"failover configured, service missing\""));
    }

    /** The failover service; while one is configured but not registered, a stand-in that answers nobody. */
    private Optional<FailoverService> failover() {
        FailoverService bound = failover.get();
        return bound != null ? Optional.of(bound) : Optional.ofNullable(configuredFailover.get());
    }

    /**
     * Follows the {@code io.tandem.failover} configuration: while it exists, a missing failover service means
     * "answer nobody", never "run standalone".
     */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (MissingFailover.PID.equals(event.getPid())) {
            followFailoverConfiguration();
        }
    }

    private void followFailoverConfiguration() {
        try {
            MissingFailover standIn = configuration(MissingFailover.PID)
                    .map(found -> MissingFailover.configuredAs(MissingFailover.roleOf(found.getProperties())
                            .orElse("primary")))
                    .orElse(null);
            MissingFailover before = configuredFailover.getAndSet(standIn);
            if ((before == null) != (standIn == null)) {
                LOG.info("failover relationship " + (standIn == null ? "unconfigured" : "configured")
                        + " serviceRunning=" + (failover.get() != null));
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("failover configuration unreadable error=\"" + e + "\" running=no-client-answered");
            configuredFailover.set(MissingFailover.configuredAs("primary"));
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

    /** Decides again which subnet configurations serve (see {@link SubnetArbiter}) and serves them. */
    private synchronized void refreshSubnets() {
        if (engine == null || stopping) {
            return;
        }
        Instant now = Clock.systemUTC().instant();
        Map<String, SubnetSettings> configured = new TreeMap<>();
        subnets.forEach(subnet -> subnet.settings().ifPresent(parsed -> configured.put(parsed.pid(), parsed)));
        Set<String> delivered = subnets.stream().map(SubnetComponent::pid).collect(Collectors.toSet());
        Map<String, SubnetSettings> serving = new TreeMap<>();
        engine.catalog().subnets().forEach(served -> serving.put(served.settings().pid(), served.settings()));
        SubnetArbiter.Decision decision = arbitration.decide(configured, delivered, serving, now, this::exists);
        engine.serve(decision.served());
        decision.problems().stream().filter(problem -> !overlapProblems.contains(problem))
                .forEach(problem -> LOG.error(problem.toString()));
        overlapProblems = decision.problems();
        decision.revisitAt().ifPresent(when -> settleTimer.schedule(this::refreshSubnets,
                Math.max(0, Duration.between(now, when).toMillis()) + 10, TimeUnit.MILLISECONDS));
    }

    /**
     * The subnet configurations Config Admin holds, delivered or not: at the start, the files found in etc/ and the
     * configurations kept from before a restart. None if Config Admin cannot be read: each then waits to settle.
     */
    private Set<String> subnetPidsHeld() {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + SubnetComponent.FACTORY_PID + ")");
            return found == null ? Set.of()
                    : Arrays.stream(found).map(Configuration::getPid).collect(Collectors.toSet());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("subnet configurations unreadable error=\"" + e + "\" effect=\"each new subnet waits "
                    + SubnetArbiter.SETTLE.toSeconds() + " s before serving\"");
            return Set.of();
        }
    }

    /** True if Config Admin still has {@code pid}: it may not have been delivered to its component yet. */
    private boolean exists(String pid) {
        try {
            return configuration(pid).isPresent();
        } catch (IOException | InvalidSyntaxException e) {
            return true;
        }
    }

    /** The configuration Config Admin holds for {@code pid}, if any. */
    private Optional<Configuration> configuration(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurations.listConfigurations("(service.pid=" + pid + ")");
        return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
    }

    private List<ConfigurationProblem> problems() {
        List<ConfigurationProblem> all = new ArrayList<>(engineProblems);
        subnets.stream().map(SubnetComponent::problem).flatMap(Optional::stream)
                .sorted(Comparator.comparing(ConfigurationProblem::toString)).forEach(all::add);
        all.addAll(overlapProblems);
        if (failover.get() == null && configuredFailover.get() != null) {
            all.add(MissingFailover.problem());
        }
        reports().forEach(report -> all.addAll(report.problems()));
        return all;
    }

    /**
     * Every bundle's report, looked up when asked rather than bound: packet I/O reports and depends on this
     * component, and a reference back would be a cycle DS cannot activate.
     */
    private List<ConfigurationReport> reports() {
        List<ConfigurationReport> found = new ArrayList<>();
        try {
            for (ServiceReference<ConfigurationReport> reference
                    : context.getServiceReferences(ConfigurationReport.class, null)) {
                ConfigurationReport report = context.getService(reference);
                if (report != null) {
                    found.add(report);
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            LOG.warn("configuration reports unavailable error=\"" + e + "\"");
        }
        return found;
    }

    /** The server's sockets and the store (from their reports), the engine, then each served subnet by name. */
    private List<SettingsInEffect> inEffect() {
        List<SettingsInEffect> all = new ArrayList<>();
        reports().forEach(report -> all.addAll(report.inEffect()));
        all.add(new SettingsInEffect("engine", PID, settings.inEffect()));
        all.sort(Comparator.comparing(SettingsInEffect::section));
        engine.catalog().subnets().stream().map(ServedSubnet::settings)
                .sorted(Comparator.comparing(SubnetSettings::name))
                .forEach(served -> all.add(new SettingsInEffect("subnet " + served.name(), served.pid(),
                        served.inEffect())));
        return all;
    }

    @Override
    public Burst openBurst() {
        return engine.openBurst();
    }

    @Override
    public CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link) {
        return engine.handle(request, link);
    }

    @Override
    public CompletionStage<PeerUpdateResult> apply(PeerUpdate update) {
        return engine.apply(update);
    }

    @Override
    public CompletionStage<Optional<Lease>> acknowledged(Ipv4Address address, BindingState sentState,
                                                         Instant sentPotentialExpiry) {
        return engine.acknowledged(address, sentState, sentPotentialExpiry);
    }

    @Override
    public CompletionStage<Optional<Lease>> announcing(Ipv4Address address) {
        return engine.announcing(address);
    }

    @Override
    public CompletionStage<Integer> holdTransitional(Instant until) {
        return engine.holdTransitional(until);
    }

    @Override
    public CompletionStage<PoolBalancing> balancePools() {
        return engine.balancePools();
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
    public void forEachLease(Subnet subnet, Consumer<? super Lease> visitor) {
        administration.forEachLease(subnet, visitor);
    }

    @Override
    public Optional<Lease> lease(Ipv4Address address) {
        return administration.lease(address);
    }

    @Override
    public CompletionStage<Optional<Lease>> release(Ipv4Address address, boolean forgetClient) {
        return administration.release(address, forgetClient);
    }

    @Override
    public List<PolicyStatus> policies() {
        return administration.policies();
    }

    @Override
    public void usePolicy(Optional<String> name) {
        administration.usePolicy(name);
    }

    @Override
    public Optional<String> chosenPolicy() {
        return administration.chosenPolicy();
    }

    /** Writes the operator's choice of policy to this component's configuration, which Karaf keeps in its file. */
    private void keepPolicyChoice(Optional<String> name) {
        try {
            String kept = choiceKeeper.keep(name);
            LOG.info("allocation policy chosen by operator name=" + name.orElse("(highest ranking)") + " kept="
                    + kept);
        } catch (IOException e) {
            throw new UncheckedIOException("the choice of policy could not be written to " + PID, e);
        }
    }

    @Override
    public LeaseStoreHealth storeHealth() {
        return administration.storeHealth();
    }

    @Override
    public List<ConfigurationProblem> configurationProblems() {
        return administration.configurationProblems();
    }

    @Override
    public List<SettingsInEffect> settingsInEffect() {
        return administration.settingsInEffect();
    }
}

package io.tandem.shell.testing;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.PolicyStatus;
import io.tandem.api.PoolUsage;
import io.tandem.api.ServerAdministration;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A {@link ServerAdministration} over leases held in memory; release turns an ACTIVE lease RELEASED. */
public final class FakeServer implements ServerAdministration {

    private final Map<Subnet, NavigableMap<Ipv4Address, Lease>> leases = new LinkedHashMap<>();
    private final List<PoolUsage> pools = new ArrayList<>();
    private final List<ConfigurationProblem> problems = new ArrayList<>();
    private LeaseStoreHealth storeHealth = LeaseStoreHealth.HEALTHY;
    private final List<PolicyStatus> policies = new ArrayList<>(List.of(
            new PolicyStatus("affinity", "io.tandem.policy.affinity", 100, false, 0, 0, 0),
            new PolicyStatus(PolicyStatus.FALLBACK, "io.tandem.core", Integer.MIN_VALUE, false, 0, 0, 0)));
    private Optional<String> chosen = Optional.empty();
    private final List<SettingsInEffect> settings = new ArrayList<>();
    private CompletionStage<Optional<Lease>> releaseOutcome;
    private final List<Ipv4Address> released = new ArrayList<>();

    /** Serves {@code subnet}; subnets are listed in the order they are added. */
    public FakeServer serve(Subnet subnet) {
        leases.put(subnet, new TreeMap<>());
        return this;
    }

    public FakeServer lease(Lease lease) {
        leases.entrySet().stream()
                .filter(entry -> entry.getKey().contains(lease.address()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no served subnet holds " + lease.address()))
                .getValue()
                .put(lease.address(), lease);
        return this;
    }

    public FakeServer pool(PoolUsage usage) {
        pools.add(usage);
        return this;
    }

    public FakeServer settings(SettingsInEffect section) {
        settings.add(section);
        return this;
    }

    public FakeServer problem(ConfigurationProblem problem) {
        problems.add(problem);
        return this;
    }

    /** Every later release completes with {@code outcome} instead of releasing. */
    public FakeServer releaseCompletesWith(CompletionStage<Optional<Lease>> outcome) {
        this.releaseOutcome = outcome;
        return this;
    }

    /** The addresses release was called for. */
    public List<Ipv4Address> released() {
        return released;
    }

    @Override
    public List<Subnet> subnets() {
        return List.copyOf(leases.keySet());
    }

    @Override
    public List<PoolUsage> pools() {
        return List.copyOf(pools);
    }

    @Override
    public void forEachLease(Subnet subnet, Consumer<? super Lease> visitor) {
        NavigableMap<Ipv4Address, Lease> ofSubnet = leases.get(subnet);
        if (ofSubnet == null) {
            throw new IllegalArgumentException("not served: " + subnet);
        }
        ofSubnet.values().forEach(visitor);
    }

    @Override
    public Optional<Lease> lease(Ipv4Address address) {
        return leases.values().stream()
                .map(ofSubnet -> ofSubnet.get(address))
                .filter(lease -> lease != null)
                .findFirst();
    }

    @Override
    public CompletionStage<Optional<Lease>> release(Ipv4Address address, boolean forgetClient) {
        released.add(address);
        if (releaseOutcome != null) {
            return releaseOutcome;
        }
        Optional<Lease> active = lease(address).filter(lease -> lease.state() == BindingState.ACTIVE);
        Optional<Lease> result = active.map(lease -> {
            Lease.Builder builder = lease.toBuilder().state(BindingState.RELEASED)
                    .end(Instant.parse("2026-11-24T12:30:00Z"));
            return (forgetClient ? builder.client(null).hardware(null) : builder).build();
        });
        result.ifPresent(this::lease);
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public List<PolicyStatus> policies() {
        List<PolicyStatus> statuses = new ArrayList<>();
        for (PolicyStatus policy : policies) {
            statuses.add(new PolicyStatus(policy.name(), policy.bundle(), policy.ranking(),
                    policy.name().equals(active()), policy.served(), policy.refused(), policy.failed()));
        }
        return statuses;
    }

    /** The active one: the chosen one if installed, else the first installed, else the fallback. */
    private String active() {
        return chosen.filter(this::isInstalled)
                .or(() -> policies.stream().map(PolicyStatus::name).findFirst())
                .orElseThrow();
    }

    private boolean isInstalled(String name) {
        return policies.stream().anyMatch(policy -> policy.name().equals(name));
    }

    /** Installs a policy; they are listed in the order installed, and the fallback last. */
    public FakeServer policy(String name, String bundle, int ranking, long served, long refused, long failed) {
        policies.add(policies.size() - 1, new PolicyStatus(name, bundle, ranking, false, served, refused, failed));
        return this;
    }

    /** Uninstalls every policy but the fallback. */
    public FakeServer noPolicy() {
        policies.removeIf(policy -> !policy.name().equals(PolicyStatus.FALLBACK));
        return this;
    }

    @Override
    public void usePolicy(Optional<String> name) {
        if (name.isPresent() && (!isInstalled(name.get()) || name.get().equals(PolicyStatus.FALLBACK))) {
            throw new IllegalArgumentException("no installed allocation policy is called " + name.get());
        }
        chosen = name;
    }

    @Override
    public Optional<String> chosenPolicy() {
        return chosen;
    }

    @Override
    public LeaseStoreHealth storeHealth() {
        return storeHealth;
    }

    /** Makes the store report {@code health}. */
    public FakeServer storeHealth(LeaseStoreHealth health) {
        storeHealth = health;
        return this;
    }

    @Override
    public List<ConfigurationProblem> configurationProblems() {
        return List.copyOf(problems);
    }

    @Override
    public List<SettingsInEffect> settingsInEffect() {
        return List.copyOf(settings);
    }
}

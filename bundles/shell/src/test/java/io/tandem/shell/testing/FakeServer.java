package io.tandem.shell.testing;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.LeaseStoreHealth;
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

/** A {@link ServerAdministration} over leases held in memory; release turns an ACTIVE lease RELEASED. */
public final class FakeServer implements ServerAdministration {

    private final Map<Subnet, NavigableMap<Ipv4Address, Lease>> leases = new LinkedHashMap<>();
    private final List<PoolUsage> pools = new ArrayList<>();
    private final List<ConfigurationProblem> problems = new ArrayList<>();
    private LeaseStoreHealth storeHealth = LeaseStoreHealth.HEALTHY;
    private Optional<String> activePolicy = Optional.of("affinity");
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
    public List<Lease> leases(Subnet subnet) {
        NavigableMap<Ipv4Address, Lease> ofSubnet = leases.get(subnet);
        if (ofSubnet == null) {
            throw new IllegalArgumentException("not served: " + subnet);
        }
        return List.copyOf(ofSubnet.values());
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
    public Optional<String> activePolicy() {
        return activePolicy;
    }

    /** Makes the server report {@code name} as its allocation policy, or none when empty. */
    public FakeServer activePolicy(Optional<String> name) {
        activePolicy = name;
        return this;
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

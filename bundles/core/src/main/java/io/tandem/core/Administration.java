package io.tandem.core;

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
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the shell and JMX read and change, answered from the engine's store, offers and pool indexes. */
final class Administration implements ServerAdministration {

    private final Engine engine;
    private final Supplier<List<ConfigurationProblem>> problems;
    private final Supplier<List<SettingsInEffect>> inEffect;
    private final InstalledPolicies policies;
    private final Consumer<Optional<String>> keepChoice;

    /**
     * @param keepChoice writes the operator's choice of policy where it lasts across restarts
     */
    Administration(Engine engine, Supplier<List<ConfigurationProblem>> problems,
                   Supplier<List<SettingsInEffect>> inEffect, InstalledPolicies policies,
                   Consumer<Optional<String>> keepChoice) {
        this.engine = engine;
        this.problems = problems;
        this.inEffect = inEffect;
        this.policies = policies;
        this.keepChoice = keepChoice;
    }

    @Override
    public List<Subnet> subnets() {
        return engine.catalog().subnets().stream().map(ServedSubnet::subnet).toList();
    }

    @Override
    public List<PoolUsage> pools() {
        List<PoolUsage> usage = new ArrayList<>();
        Instant now = engine.bindings().now();
        for (ServedSubnet served : engine.catalog().subnets()) {
            long[] activeDeclinedReserved = new long[3];
            engine.bindings().store().scan(served.subnet().network(), served.subnet().broadcast(), lease -> {
                boolean dynamic = served.isDynamic(lease.address());
                if (dynamic && Bindings.isLive(lease, now)) {
                    activeDeclinedReserved[0]++;
                } else if (dynamic && lease.state() == BindingState.ABANDONED) {
                    activeDeclinedReserved[1]++;
                } else if (!dynamic && Bindings.isLive(lease, now)
                        && served.settings().reservations().isReserved(lease.address())) {
                    activeDeclinedReserved[2]++;
                }
            });
            long offered = engine.bindings().offers().all().stream()
                    .filter(offer -> served.isDynamic(offer.address())).count();
            usage.add(new PoolUsage(served.subnet(), served.dynamicSize(), served.free().size(), offered,
                    activeDeclinedReserved[0], activeDeclinedReserved[1], activeDeclinedReserved[2]));
        }
        return usage;
    }

    @Override
    public void forEachLease(Subnet subnet, Consumer<? super Lease> visitor) {
        Instant now = engine.bindings().now();
        // The offers (a few, held for seconds) merged into the store's walk: an offer stands for an address whose
        // stored lease is not live, or that has none.
        TreeMap<Ipv4Address, Lease> offered = new TreeMap<>();
        for (HeldOffer offer : engine.bindings().offers().all()) {
            if (subnet.contains(offer.address())) {
                offered.put(offer.address(), asLease(offer, now));
            }
        }
        engine.bindings().store().scan(subnet.network(), subnet.broadcast(), stored -> {
            while (!offered.isEmpty() && offered.firstKey().compareTo(stored.address()) < 0) {
                visitor.accept(offered.pollFirstEntry().getValue());
            }
            Lease offer = offered.remove(stored.address());
            visitor.accept(offer != null && !Bindings.isLive(stored, now) ? offer : stored);
        });
        offered.values().forEach(visitor);
    }

    @Override
    public Optional<Lease> lease(Ipv4Address address) {
        Instant now = engine.bindings().now();
        Optional<Lease> stored = engine.bindings().store().get(address);
        if (stored.isPresent() && Bindings.isLive(stored.get(), now)) {
            return stored;
        }
        return engine.bindings().offers().heldAt(address).map(offer -> asLease(offer, now)).or(() -> stored);
    }

    private static Lease asLease(HeldOffer offer, Instant now) {
        return Lease.builder(offer.address()).state(BindingState.OFFERED).client(offer.client())
                .hardware(offer.hardware()).start(now.isBefore(offer.expires()) ? now : offer.expires())
                .end(offer.expires()).build();
    }

    @Override
    public CompletionStage<Optional<Lease>> release(Ipv4Address address, boolean forgetClient) {
        Optional<Lease> stored = engine.bindings().store().get(address);
        Optional<ServedSubnet> served = engine.catalog().containing(address);
        if (stored.isEmpty() || served.isEmpty() || !Bindings.isLive(stored.get(), engine.bindings().now())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return engine.onLane(stored.get().client(), () -> {
            Optional<Lease> current = engine.bindings().store().get(address)
                    .filter(lease -> Bindings.isLive(lease, engine.bindings().now()));
            if (current.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Lease>empty());
            }
            return engine.bindings().release(served.get(), current.get(), forgetClient).thenApply(Optional::of);
        });
    }

    @Override
    public List<ConfigurationProblem> configurationProblems() {
        return problems.get();
    }

    @Override
    public List<SettingsInEffect> settingsInEffect() {
        return inEffect.get();
    }

    @Override
    public List<PolicyStatus> policies() {
        return policies.statuses();
    }

    /** Checks the name, takes it into use at once, and hands it to {@code keepChoice} to last across restarts. */
    @Override
    public void usePolicy(Optional<String> name) {
        List<String> installed = policies.names();
        if (name.isPresent() && !installed.contains(name.get())) {
            throw new IllegalArgumentException("no installed allocation policy is called " + name.get()
                    + "; installed: " + installed);
        }
        policies.choose(name);
        keepChoice.accept(name);
    }

    @Override
    public Optional<String> chosenPolicy() {
        return policies.chosen();
    }

    @Override
    public LeaseStoreHealth storeHealth() {
        return engine.bindings().store().health();
    }
}

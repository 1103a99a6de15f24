package io.tandem.core;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.PolicyStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation policies installed and the one new clients get their addresses from: the one the operator chose by
 * name while it is installed, else the highest ranking (the earliest installed among equals), else none, and core's
 * fallback serves. Logs every change of the active policy. Thread-safe; {@link #active()} reads without a lock.
 */
final class InstalledPolicies {

    /** One installed policy, where it comes from, and what it did. */
    record Installed(AllocationPolicy policy, String bundle, int ranking, long order, PolicyUsage usage) {
    }

    static final String CORE_BUNDLE = "io.tandem.core";
    private static final Logger LOG = LoggerFactory.getLogger(InstalledPolicies.class);
    private static final Comparator<Installed> HIGHEST_RANKING_FIRST =
            Comparator.comparingInt(Installed::ranking).reversed().thenComparingLong(Installed::order);

    private final List<Installed> installed = new ArrayList<>();
    private final PolicyUsage fallbackUsage = new PolicyUsage();
    private Optional<String> chosen = Optional.empty();
    private long installs;
    private volatile Installed active;

    /** Policies installed in this order, all with the same ranking (tests). */
    static InstalledPolicies of(AllocationPolicy... policies) {
        InstalledPolicies installed = new InstalledPolicies();
        for (AllocationPolicy policy : policies) {
            installed.add(policy, "test", 0);
        }
        return installed;
    }

    synchronized void add(AllocationPolicy policy, String bundle, int ranking) {
        installed.add(new Installed(policy, bundle, ranking, installs++, new PolicyUsage()));
        elect();
    }

    /** A new ranking of an installed policy; its counts stay. */
    synchronized void rank(AllocationPolicy policy, int ranking) {
        installed.replaceAll(entry -> entry.policy() == policy
                ? new Installed(policy, entry.bundle(), ranking, entry.order(), entry.usage()) : entry);
        elect();
    }

    synchronized void remove(AllocationPolicy policy) {
        installed.removeIf(entry -> entry.policy() == policy);
        elect();
    }

    /** The policy the operator chose by name, or empty for the highest ranking. */
    synchronized void choose(Optional<String> name) {
        chosen = Objects.requireNonNull(name, "name");
        elect();
    }

    synchronized Optional<String> chosen() {
        return chosen;
    }

    /** The names of the installed policies, highest ranking first. */
    synchronized List<String> names() {
        return installed.stream().sorted(HIGHEST_RANKING_FIRST).map(entry -> entry.policy().name()).toList();
    }

    /** The policy new clients get their addresses from; empty while core's fallback serves. */
    Optional<Installed> active() {
        return Optional.ofNullable(active);
    }

    /** Only the policy active now, with counts of its own and without a log line: what a {@link Rehearsal} asks. */
    synchronized InstalledPolicies activeAlone() {
        InstalledPolicies alone = new InstalledPolicies();
        Installed current = active;
        if (current != null) {
            alone.installed.add(new Installed(current.policy(), current.bundle(), current.ranking(), 0,
                    new PolicyUsage()));
            alone.active = alone.installed.get(0);
        }
        return alone;
    }

    /** Says so in the log if no policy is installed. */
    void warnIfNone() {
        if (active == null) {
            LOG.warn("no allocation policy installed: new clients get the address free the longest (core's"
                    + " fallback) policy=" + PolicyStatus.FALLBACK);
        }
    }

    PolicyUsage fallbackUsage() {
        return fallbackUsage;
    }

    /** Every installed policy, highest ranking first, then the fallback. */
    synchronized List<PolicyStatus> statuses() {
        List<PolicyStatus> statuses = new ArrayList<>();
        Installed current = active;
        for (Installed entry : installed.stream().sorted(HIGHEST_RANKING_FIRST).toList()) {
            statuses.add(status(entry.policy().name(), entry.bundle(), entry.ranking(), entry == current,
                    entry.usage()));
        }
        statuses.add(status(PolicyStatus.FALLBACK, CORE_BUNDLE, Integer.MIN_VALUE, current == null, fallbackUsage));
        return statuses;
    }

    private static PolicyStatus status(String name, String bundle, int ranking, boolean active, PolicyUsage usage) {
        return new PolicyStatus(name, bundle, ranking, active, usage.servedCount(), usage.refusedCount(),
                usage.failedCount());
    }

    private void elect() {
        Optional<Installed> named = chosen.flatMap(name -> installed.stream()
                .filter(entry -> entry.policy().name().equals(name)).findFirst());
        Installed elected = named.or(() -> installed.stream().min(HIGHEST_RANKING_FIRST)).orElse(null);
        Installed previous = active;
        active = elected;
        if (elected == previous) {
            return;
        }
        if (elected == null) {
            warnIfNone();
            return;
        }
        String reason = named.isPresent() ? "chosen"
                : chosen.map(name -> "chosen-not-installed chosen=" + name).orElse("highest-ranking");
        LOG.info("allocation policy active name=" + elected.policy().name() + " bundle=" + elected.bundle()
                + " ranking=" + elected.ranking() + " reason=" + reason);
    }
}

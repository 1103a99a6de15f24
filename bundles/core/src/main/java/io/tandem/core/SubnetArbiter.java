package io.tandem.core;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.model.Subnet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which subnet configurations are served when some of them overlap, so that a new or changed file can never
 * take a serving network down:
 * <ul>
 *   <li>A configuration that serves (or served before the restart, by the {@link ServingRecord}) is an incumbent.
 *   A change of an incumbent's options applies at once. A change of its subnet that would overlap another
 *   incumbent's subnet, served or newly configured, is refused, and the last good settings keep serving.</li>
 *   <li>A new configuration that overlaps what serves, or what an incumbent is configured for, is refused. Two new
 *   configurations that overlap each other are both refused: neither serves until one is changed or removed.</li>
 *   <li>A new configuration, or an incumbent's move to another subnet, takes effect only once it has been present
 *   for {@link #SETTLE}, so that files delivered together (copied in at once) are judged together: the outcome
 *   never depends on the order Config Admin delivers them. The configurations Config Admin held when the server
 *   started need no such wait: once every one of them has been delivered they are judged together at once.</li>
 * </ul>
 * A pure function of its inputs; the caller keeps the state.
 */
final class SubnetArbiter {

    /** How long a new subnet configuration waits for others delivered with it before it serves. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private SubnetArbiter() {
    }

    /**
     * @param served the settings to serve from now on, never overlapping
     * @param problems one per configuration refused because of an overlap
     * @param revisitAt when a configuration waiting to settle will have settled and the decision must be made again
     * @param clearSince since when each configuration has been free of overlaps without serving yet, for the next
     *     decision
     */
    record Decision(List<SubnetSettings> served, List<ConfigurationProblem> problems, Optional<Instant> revisitAt,
                    Map<String, Instant> clearSince) {
    }

    /** The key under which {@code clearSince} records a configuration asking for a subnet. */
    private static String clearKey(SubnetSettings settings) {
        return settings.pid() + " " + settings.subnet();
    }

    /**
     * @param configured the latest good settings of every subnet configuration present, by PID
     * @param serving the settings each PID is being served with right now, by PID
     * @param remembered the subnet each PID served before the last restart, by PID, for PIDs that still exist; one
     *     not configured yet (Config Admin has not delivered it) keeps newcomers off its subnet
     * @param clearSince the previous decision's {@link Decision#clearSince}
     * @param together PIDs known to have been delivered together, all of them present: they need not wait for
     *     {@link #SETTLE}
     */
    static Decision decide(Map<String, SubnetSettings> configured, Map<String, SubnetSettings> serving,
                           Map<String, Subnet> remembered, Map<String, Instant> clearSince, Set<String> together,
                           Instant now) {
        Map<String, Subnet> incumbentRanges = new TreeMap<>();
        Map<String, SubnetSettings> newcomers = new TreeMap<>();
        for (Map.Entry<String, SubnetSettings> entry : new TreeMap<>(configured).entrySet()) {
            Optional<Subnet> incumbent = Optional.ofNullable(serving.get(entry.getKey())).map(SubnetSettings::subnet)
                    .or(() -> Optional.ofNullable(remembered.get(entry.getKey())));
            if (incumbent.isPresent()) {
                incumbentRanges.put(entry.getKey(), incumbent.get());
            } else {
                newcomers.put(entry.getKey(), entry.getValue());
            }
        }
        List<SubnetSettings> accepted = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        Map<String, Instant> stillClear = new TreeMap<>();
        Optional<Instant> revisitAt = Optional.empty();
        for (Map.Entry<String, Subnet> incumbent : incumbentRanges.entrySet()) {
            SubnetSettings candidate = configured.get(incumbent.getKey());
            // The range alone: a changed pool is no move, and the serving record keeps no pools.
            boolean moving = !sameRange(candidate.subnet(), incumbent.getValue());
            Optional<String> clash = incumbentRanges.entrySet().stream()
                    .filter(other -> !other.getKey().equals(incumbent.getKey()))
                    .map(other -> clash(candidate, moving, other.getValue(), configured.get(other.getKey())))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .or(() -> moving ? notLoadedYet(candidate, configured, remembered) : Optional.empty());
            SubnetSettings lastGood = serving.get(incumbent.getKey());
            if (clash.isPresent()) {
                problems.add(overlap(candidate, clash.get(), lastGood));
            } else if (!moving || settled(candidate, clearSince, together, stillClear, now)) {
                accepted.add(candidate);
                continue;
            } else {
                revisitAt = earliest(revisitAt, stillClear.get(clearKey(candidate)).plus(SETTLE));
            }
            if (lastGood != null) {
                accepted.add(lastGood);
            }
        }
        for (SubnetSettings candidate : newcomers.values()) {
            Optional<String> clash = accepted.stream()
                    .filter(other -> overlaps(candidate.subnet(), other.subnet()))
                    .map(other -> other.subnet() + " served by " + other.name())
                    .findFirst()
                    .or(() -> incumbentRanges.keySet().stream().map(configured::get)
                            .filter(other -> overlaps(candidate.subnet(), other.subnet()))
                            .map(other -> other.subnet() + " configured for " + other.name())
                            .findFirst())
                    .or(() -> notLoadedYet(candidate, configured, remembered))
                    .or(() -> newcomers.values().stream()
                            .filter(other -> other != candidate && overlaps(candidate.subnet(), other.subnet()))
                            .map(other -> other.subnet() + " of " + other.name()
                                    + ", also new: neither is served until one is changed or removed")
                            .findFirst());
            if (clash.isPresent()) {
                problems.add(overlap(candidate, clash.get(), null));
            } else if (settled(candidate, clearSince, together, stillClear, now)) {
                accepted.add(candidate);
            } else {
                revisitAt = earliest(revisitAt, stillClear.get(clearKey(candidate)).plus(SETTLE));
            }
        }
        return new Decision(accepted, problems, revisitAt, stillClear);
    }

    /** The subnet of a configuration that served before the restart and Config Admin has not delivered yet. */
    private static Optional<String> notLoadedYet(SubnetSettings candidate, Map<String, SubnetSettings> configured,
                                                 Map<String, Subnet> remembered) {
        return remembered.entrySet().stream()
                .filter(other -> !configured.containsKey(other.getKey()))
                .filter(other -> overlaps(candidate.subnet(), other.getValue()))
                .map(other -> other.getValue() + " served before the restart by " + other.getKey() + ", not loaded yet")
                .findFirst();
    }

    /**
     * True once {@code candidate} has been free of overlaps for {@link #SETTLE}, or at once if it was delivered
     * {@code together} with the others; until then it is noted in {@code stillClear}. Counting from when it became
     * clear, not from when it was first seen, keeps a configuration that was in conflict from serving in the middle
     * of a burst of changes that resolves it.
     */
    private static boolean settled(SubnetSettings candidate, Map<String, Instant> clearSince, Set<String> together,
                                   Map<String, Instant> stillClear, Instant now) {
        if (together.contains(candidate.pid())) {
            return true;
        }
        Instant since = clearSince.getOrDefault(clearKey(candidate), now);
        if (since.plus(SETTLE).isAfter(now)) {
            stillClear.put(clearKey(candidate), since);
            return false;
        }
        return true;
    }

    private static Optional<Instant> earliest(Optional<Instant> current, Instant candidate) {
        return Optional.of(current.filter(earlier -> earlier.isBefore(candidate)).orElse(candidate));
    }

    /**
     * Why incumbent {@code candidate} cannot serve beside another incumbent serving {@code servingRange} and now
     * configured as {@code other}. Only a candidate {@code moving} to another subnet yields to the other's change.
     */
    private static Optional<String> clash(SubnetSettings candidate, boolean moving, Subnet servingRange,
                                          SubnetSettings other) {
        if (overlaps(candidate.subnet(), servingRange)) {
            return Optional.of(servingRange + " served by " + other.name());
        }
        if (moving && overlaps(candidate.subnet(), other.subnet())) {
            return Optional.of(other.subnet() + " configured for " + other.name());
        }
        return Optional.empty();
    }

    private static ConfigurationProblem overlap(SubnetSettings refused, String clash, SubnetSettings lastGood) {
        String keeping = lastGood == null ? "" : "; still serving " + lastGood.subnet();
        return ConfigurationProblem.rejected(refused.pid(), refused.name(), "subnet",
                refused.subnet() + " overlaps " + clash + keeping);
    }

    static boolean sameRange(Subnet a, Subnet b) {
        return a.network().equals(b.network()) && a.prefixLength() == b.prefixLength();
    }

    static boolean overlaps(Subnet a, Subnet b) {
        return a.contains(b.network()) || b.contains(a.network());
    }
}

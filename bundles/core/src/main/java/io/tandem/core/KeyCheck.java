package io.tandem.core;

import io.tandem.api.ConfigurationProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the keys of a configuration that Tandem does not read (a misspelt {@code dnsServer}, a key of another PID),
 * each with the known key it most likely meant. Keys that Config Admin, Karaf and DS add are not the operator's and
 * are never reported.
 */
final class KeyCheck {

    /** Prefixes of keys set by the framework, Karaf's file install or DS, not by the operator. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("service.", "felix.", "component.", "osgi.", ".",
            "org.apache.karaf.");
    /** The most edits between a typo and the key it is taken for. */
    private static final int MAX_TYPO_DISTANCE = 3;

    private KeyCheck() {
    }

    /** A problem for each key of {@code present} that is not in {@code known}. */
    static List<ConfigurationProblem> unknownKeys(String pid, String name, Collection<String> present, Set<String> known) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (String key : present) {
            if (known.contains(key) || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String hint = nearest(key, known).map(guess -> "; did you mean " + guess + "?").orElse("");
            problems.add(new ConfigurationProblem(ConfigurationProblem.Kind.IGNORED, pid, name, key,
                    "unknown key, its value is not used" + hint));
        }
        return problems;
    }

    /** The known key closest to {@code key}, ignoring case, if it is close enough to be a typo of it. */
    static Optional<String> nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.min(MAX_TYPO_DISTANCE, Math.max(1, key.length() / 3))
                ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Edit distance (insertions, deletions, substitutions). */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

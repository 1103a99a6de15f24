package io.tandem.store.mapdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures a power-loss run found, grouped by kind (the message with numbers and paths blanked out), so that
 * the report shows each kind once in full, however many crash images it hit.
 */
final class CrashFailures {

    private static final int EXAMPLES_PER_KIND = 2;

    private record Failure(String message, String details) {
    }

    private final Map<String, List<Failure>> byKind = new LinkedHashMap<>();

    void add(String message, String details) {
        byKind.computeIfAbsent(kindOf(message), kind -> new ArrayList<>()).add(new Failure(message, details));
    }

    boolean isEmpty() {
        return byKind.isEmpty();
    }

    int count() {
        return byKind.values().stream().mapToInt(List::size).sum();
    }

    String report() {
        StringBuilder report = new StringBuilder(count() + " failures of " + byKind.size() + " kinds");
        byKind.forEach((kind, failures) -> {
            report.append("\n\n=== ").append(failures.size()).append(" x ").append(kind);
            failures.stream().limit(EXAMPLES_PER_KIND).forEach(failure -> report.append("\n--- ")
                    .append(failure.message).append('\n').append(failure.details));
        });
        return report.toString();
    }

    private static String kindOf(String message) {
        return message.replaceAll("/\\S*/", "").replaceAll("[0-9]+", "#");
    }
}

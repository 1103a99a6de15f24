package io.tandem.itests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pair audit as the pair tests require it. The two lease databases are read a moment apart, and a lease that
 * changes in between (new leases last only MCLT, and a test's leases often end together) differs for that moment. A
 * finding counts when the same address or client is found in three audits in a row, 5 s apart, the pair converged
 * before each; the pair must also come out clean within a few audits, whatever they found.
 */
final class RepeatedAudit {

    private static final int IN_A_ROW = 3;
    private static final int ATTEMPTS = 8;
    private static final Duration PAUSE = Duration.ofSeconds(5);
    /** The lines of an audit report that are not findings. */
    private static final List<String> NOT_FINDINGS = List.of("---", "leases compared:", "states and times compared:",
            "pair audit:");

    private RepeatedAudit() {
    }

    /**
     * @param awaitConverged waits until both servers are NORMAL and hold no unacknowledged change
     * @param audit one audit: empty when clean, else the report
     * @param views what both servers say, for the failure message
     */
    static void assertClean(Runnable awaitConverged, Supplier<Optional<String>> audit, Supplier<String> views) {
        Map<String, Integer> inARow = new HashMap<>();
        String lastReport = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            awaitConverged.run();
            Optional<String> report = audit.get();
            if (report.isEmpty()) {
                return;
            }
            lastReport = report.get();
            // Every finding in the test's output: one that clears by the next audit still tells a story.
            System.out.println(Instant.now() + " pair audit " + attempt + " found:\n" + lastReport);
            Set<String> subjects = subjects(lastReport);
            inARow.keySet().retainAll(subjects);
            subjects.forEach(subject -> inARow.merge(subject, 1, Integer::sum));
            if (inARow.containsValue(IN_A_ROW)) {
                throw new AssertionError("the pair audit found the same problem " + IN_A_ROW + " times in a row, the"
                        + " pair converged before each:\n" + lastReport + "\n" + views.get());
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the pair audit was never clean in " + ATTEMPTS + " audits, the pair converged"
                + " before each; the last:\n" + lastReport + "\n" + views.get());
    }

    /**
     * What the findings of {@code report} are about: the address or client each finding line starts with, and the
     * whole line of anything else that kept the audit from being clean.
     */
    static Set<String> subjects(String report) {
        Set<String> subjects = report.lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.contains("Error executing")
                        && NOT_FINDINGS.stream().noneMatch(line::startsWith))
                .map(line -> line.split(" ")[0]).collect(Collectors.toSet());
        if (!report.contains("states and times compared: yes")) {
            subjects.add("states and times not compared");
        }
        return subjects;
    }
}

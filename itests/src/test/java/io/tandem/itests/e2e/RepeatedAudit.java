package io.tandem.itests.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pair audit as the pair tests require it. The two lease databases are read seconds apart, and a lease that
 * expires in between (new leases last only MCLT) differs for that moment: a finding counts when it is there in each
 * of three audits, 5 s apart, the pair converged before each.
 */
final class RepeatedAudit {

    private static final int ATTEMPTS = 3;
    private static final Duration PAUSE = Duration.ofSeconds(5);

    private RepeatedAudit() {
    }

    /**
     * @param awaitConverged waits until both servers are NORMAL and hold no unacknowledged change
     * @param audit one audit: empty when clean, else the report
     * @param views what both servers say, for the failure message
     */
    static void assertClean(Runnable awaitConverged, Supplier<Optional<String>> audit, Supplier<String> views) {
        String lastReport = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            awaitConverged.run();
            Optional<String> report = audit.get();
            if (report.isEmpty()) {
                return;
            }
            lastReport = report.get();
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the pair audit found problems " + ATTEMPTS + " times in a row, the pair converged"
                + " before each:\n" + lastReport + "\n" + views.get());
    }
}

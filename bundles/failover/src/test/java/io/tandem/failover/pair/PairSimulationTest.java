package io.tandem.failover.pair;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 §5: two complete servers in one JVM (engine, MapDB store files, failover endpoint, link over TCP on
 * loopback) with a fault-injecting proxy between them, through random scenarios ({@link ScenarioDriver}): the
 * invariants after every step, the pair audit after every scenario. {@code -Dtandem.pair.seed=} replays a seed's
 * script of steps; what happens on the network and the threads meanwhile can differ between runs, so a failure
 * seen once may need a few runs of its seed to show again. {@code -Dtandem.pair.scenarios=} sets how many are
 * played (1,000 by default; 10,000 for a long run); {@code -Dtandem.pair.impatientClients=true} lets clients talk
 * to both servers at any time (see {@link ClientExchanges}).
 */
class PairSimulationTest {

    @TempDir
    Path directory;

    @Test
    void random_scenarios_keep_the_invariants_and_leave_the_pair_converged_and_clean() throws Exception {
        long seed = Long.getLong("tandem.pair.seed", System.nanoTime());
        int scenarios = Integer.getInteger("tandem.pair.scenarios", 1000);
        boolean impatient = Boolean.getBoolean("tandem.pair.impatientClients");
        String run = "PairSimulationTest seed=" + seed + " scenarios=" + scenarios
                + (impatient ? " impatientClients=true" : "");
        System.out.println(run + " (rerun with -Dtandem.pair.seed=" + seed + ")");
        long start = System.nanoTime();
        try (SimulatedPair pair = new SimulatedPair(directory)) {
            ScenarioDriver driver = new ScenarioDriver(pair, new Random(seed), !impatient);
            try {
                for (int scenario = 0; scenario < scenarios; scenario++) {
                    driver.play(scenario);
                }
            } catch (AssertionError e) {
                throw new AssertionError(run + ": " + e.getMessage(), e);
            }
            System.out.println(run + " passed in " + (System.nanoTime() - start) / 1_000_000 + " ms; "
                    + driver.counts());
        }
    }
}

package io.tandem.failover.pair;

import io.tandem.api.FailoverState;
import io.tandem.api.model.Lease;
import io.tandem.failover.audit.Finding;
import io.tandem.failover.audit.PairAudit;
import io.tandem.protocol.DhcpMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays random scenarios on one long-lived {@link SimulatedPair}. A scenario is a few random steps (client
 * exchanges, network faults, clock jumps, crashes mid-commit, clean restarts, the operator's partner-down while
 * the peer is down), each followed by the servers' sweep and the {@link PairInvariants}; then the network heals,
 * the servers that are down start, and the pair must reach NORMAL on both sides with nothing left unacknowledged
 * within a bounded wait, after which {@link PairAudit} must find nothing.
 *
 * <p>Why scenarios share one pair rather than each starting its own: a fresh pair spends its first moments in
 * RECOVER and pool balancing, which would cost more than the scenario itself; sharing keeps 1,000 scenarios to
 * about a minute, and every scenario starts from whatever the previous ones left (leases, failover state files,
 * clients' bindings), which is more varied than a clean start. A restart reopens the same files.
 */
final class ScenarioDriver {

    private static final int MAX_STEPS = 8;
    /** Real time: a pair that has not converged by then never will (reconnecting takes tens of milliseconds). */
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    /** Real time without convergence after which the simulated clock is moved to the next endpoint timer. */
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Long enough for a 1 s max-response-delay to find a blackholed link dead. */
    private static final long BLACKHOLE_DETECTION_MILLIS = 1300;

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioDriver.class);
    private final SimulatedPair pair;
    private final Random random;
    private final ClientExchanges clients;
    private final List<String> log = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private boolean cutAfterNextStep;

    ScenarioDriver(SimulatedPair pair, Random random, boolean patientClients) {
        this.pair = pair;
        this.random = random;
        this.clients = new ClientExchanges(pair, random, patientClients);
    }

    /** Plays scenario {@code number}; an assertion error carries the steps that led to it. */
    void play(int number) throws Exception {
        log.clear();
        try {
            int steps = 1 + random.nextInt(MAX_STEPS);
            for (int step = 0; step < steps; step++) {
                String did = step();
                log.add(did);
                LOG.info("pair simulation scenario=" + number + " step=" + step + " did=\"" + did + "\"");
                afterStep("step " + step);
            }
            settle();
            audit();
        } catch (AssertionError e) {
            throw new AssertionError("scenario " + number + " failed: " + e.getMessage() + "\n  steps:\n    "
                    + String.join("\n    ", log) + "\n  " + describe(), e);
        }
    }

    /** How many of each kind of step and event were played. */
    Map<String, Integer> counts() {
        return counts;
    }

    private String step() throws Exception {
        boolean oneIsDown = pair.servers().stream().anyMatch(server -> !server.running());
        if (oneIsDown && random.nextInt(100) < 30) {
            return whileOneIsDown();
        }
        int dice = random.nextInt(100);
        if (dice < 55) {
            return count("client exchange", clients.exchange());
        } else if (dice < 67) {
            return networkFault();
        } else if (dice < 77) {
            return clockJump();
        } else if (dice < 83) {
            return crash();
        } else if (dice < 86) {
            return cleanRestart();
        }
        return count("client exchange", clients.exchange());
    }

    private String networkFault() throws Exception {
        switch (random.nextInt(5)) {
            case 0 -> {
                long millis = 1 + random.nextInt(40);
                pair.proxy.delay(millis);
                return count("delay", "network: delay " + millis + " ms");
            }
            case 1 -> {
                pair.proxy.drop();
                if (random.nextInt(20) == 0) {
                    Thread.sleep(BLACKHOLE_DETECTION_MILLIS);
                    return count("blackhole noticed by keepalive", "network: drop, waited for the keepalive");
                }
                return count("drop", "network: drop");
            }
            case 2 -> {
                pair.proxy.cut();
                return count("cut", "network: cut");
            }
            case 3 -> {
                long millis = 5 + random.nextInt(30);
                pair.proxy.delay(millis);
                cutAfterNextStep = true;
                return count("reorder by reconnect", "network: delay " + millis + " ms, cut after the next step");
            }
            default -> {
                pair.proxy.heal();
                return count("heal", "network: heal");
            }
        }
    }

    private String clockJump() {
        long mclt = SimulatedPair.MCLT.toSeconds();
        long seconds = random.nextBoolean() ? 1 + random.nextInt(60) : mclt + 1 + random.nextInt((int) mclt);
        pair.clock.advance(Duration.ofSeconds(seconds));
        return count(seconds > mclt ? "clock jump past MCLT" : "clock jump", "clock +" + seconds + " s");
    }

    /**
     * Kills a server as a crash would, sometimes with a client's REQUEST committing; the store file must then
     * hold exactly what had reached it. Restarts it at once or leaves it down for a while.
     */
    private String crash() throws Exception {
        Optional<SimulatedServer> victim = anyRunning();
        if (victim.isEmpty()) {
            return "crash: nobody running";
        }
        SimulatedServer server = victim.get();
        Optional<DhcpMessage> request = random.nextBoolean() ? clients.selectingRequest(server) : Optional.empty();
        // From here on nothing more reaches the disk: what the store shows is what the restart must find.
        server.engine().stallCommits();
        request.ifPresent(server::send);
        boolean midCommit = request.isPresent();
        server.engine().awaitOnlyStalledCommits();
        List<Lease> reached = server.leases();
        server.crash();
        List<Lease> onDisk = server.leftOnDisk();
        if (!onDisk.equals(reached)) {
            throw new AssertionError("invariant 3: the " + server.name() + " crashed with " + reached
                    + " in its store and restarts with " + onDisk);
        }
        boolean restart = random.nextInt(10) < 7;
        if (restart) {
            server.start();
        }
        return count(midCommit ? "crash mid-commit" : "crash", "crash " + server.name()
                + (midCommit ? " with a REQUEST committing" : "") + (restart ? ", restarted" : ", left down"));
    }

    private String cleanRestart() throws Exception {
        Optional<SimulatedServer> server = anyRunning();
        if (server.isEmpty()) {
            return "restart: nobody running";
        }
        server.get().stop();
        server.get().start();
        return count("clean restart", "clean restart " + server.get().name());
    }

    /** With one server down: the operator declares it down on the other, or it starts again. */
    private String whileOneIsDown() throws Exception {
        SimulatedServer down = pair.servers().stream().filter(server -> !server.running()).findFirst().orElseThrow();
        SimulatedServer survivor = pair.other(down);
        if (random.nextBoolean() && survivor.running()
                && survivor.status().view().state() != FailoverState.PARTNER_DOWN) {
            survivor.partnerDown();
            return count("operator partner-down", "operator: partner-down on the " + survivor.name());
        }
        down.start();
        return count("restart after downtime", "start " + down.name() + " again");
    }

    /** What the servers' timers would do meanwhile, then the invariants. */
    private void afterStep(String where) throws Exception {
        if (cutAfterNextStep) {
            cutAfterNextStep = false;
            pair.proxy.cut();
            pair.proxy.delay(0);
        }
        for (SimulatedServer server : running()) {
            server.fireTimers();
            server.sweep();
        }
        PairInvariants.check(pair.servers(), pair.clock.instant(), where);
    }

    /**
     * Heals the network and starts whoever is down, then waits until both servers are NORMAL with nothing
     * unacknowledged, moving the simulated clock to the next endpoint timer whenever the pair waits for one
     * (STARTUP, RECOVER-WAIT's MCLT).
     */
    private void settle() throws Exception {
        cutAfterNextStep = false;
        pair.proxy.heal();
        for (SimulatedServer server : pair.servers()) {
            if (!server.running()) {
                server.start();
            }
        }
        long start = System.nanoTime();
        long waitingSince = start;
        while (true) {
            for (SimulatedServer server : pair.servers()) {
                server.fireTimers();
                server.sweep();
            }
            PairInvariants.check(pair.servers(), pair.clock.instant(), "settling");
            if (pair.servers().stream().allMatch(SimulatedServer::converged)) {
                return;
            }
            long now = System.nanoTime();
            if (now - start > CONVERGENCE.toNanos()) {
                throw new AssertionError("the pair did not reach NORMAL with everything acknowledged within "
                        + CONVERGENCE.toSeconds() + " s");
            }
            if (now - waitingSince > PATIENCE_NANOS || waitingForMclt()) {
                waitingSince = now;
                jumpToNextTimer();
            }
            Thread.sleep(2);
        }
    }

    /** RECOVER-WAIT ends only when the simulated clock reaches its STOS plus MCLT. */
    private boolean waitingForMclt() {
        return pair.servers().stream().anyMatch(server -> server.status().view().state() == FailoverState.RECOVER_WAIT);
    }

    private void jumpToNextTimer() {
        Optional<Instant> next = pair.servers().stream().map(server -> server.loop().nextDue())
                .flatMap(Optional::stream).min(Instant::compareTo);
        Instant now = pair.clock.instant();
        if (next.isPresent() && next.get().isAfter(now)) {
            pair.clock.advance(Duration.between(now, next.get()));
            log.add("settling: clock +" + Duration.between(now, next.get()).toSeconds() + " s to the next timer");
            count("clock moved to a timer while settling", "");
        }
    }

    private void audit() {
        List<Finding> findings = new PairAudit(pair.primary.engine().subnets())
                .audit(pair.primary.leases(), pair.secondary.leases(), true);
        if (!findings.isEmpty()) {
            throw new AssertionError("the pair audit found " + findings);
        }
    }

    private String describe() {
        StringBuilder text = new StringBuilder("clock " + pair.clock.instant());
        for (SimulatedServer server : pair.servers()) {
            text.append("\n  ").append(server.name());
            if (!server.running()) {
                text.append(" down");
                continue;
            }
            text.append(' ').append(server.status());
            for (Lease lease : server.leases()) {
                text.append("\n    ").append(lease);
            }
        }
        return text.toString();
    }

    private List<SimulatedServer> running() {
        return pair.servers().stream().filter(SimulatedServer::running).toList();
    }

    private Optional<SimulatedServer> anyRunning() {
        List<SimulatedServer> running = running();
        return running.isEmpty() ? Optional.empty() : Optional.of(running.get(random.nextInt(running.size())));
    }

    private String count(String kind, String done) {
        counts.merge(kind, 1, Integer::sum);
        return done;
    }
}

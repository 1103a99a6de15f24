package io.tandem.core;

import io.tandem.api.model.Subnet;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link SubnetArbiter} needs to remember between two decisions: since when each waiting configuration has been
 * free of overlaps, which configuration served which subnet (the {@link ServingRecord}, which outlives a restart),
 * and which configurations Config Admin held at the start and have not all been delivered yet.
 */
final class SubnetArbitration {

    private static final Logger LOG = LoggerFactory.getLogger(SubnetArbitration.class);

    private final ServingRecord record;
    private Map<String, Instant> clearSince = new HashMap<>();
    private Map<String, Subnet> remembered;
    /**
     * The PIDs Config Admin held when the server started, until the decision that finds them all delivered: they
     * came together (from etc/ at boot, or kept from before a restart) and are judged together without waiting.
     */
    private Set<String> heldAtStart;

    /**
     * @param heldAtStart the subnet configurations Config Admin holds now, delivered to the engine or not
     */
    SubnetArbitration(ServingRecord record, Set<String> heldAtStart) {
        this.record = record;
        this.remembered = record.load();
        this.heldAtStart = new TreeSet<>(heldAtStart);
    }

    /**
     * Decides which configurations serve now and records the outcome.
     *
     * @param configured the latest good settings of every configuration delivered, by PID
     * @param delivered the PID of every configuration delivered, its settings good or refused
     * @param serving what each PID is being served with now
     * @param exists whether Config Admin still has a PID, delivered or not
     */
    synchronized SubnetArbiter.Decision decide(Map<String, SubnetSettings> configured, Set<String> delivered,
                                               Map<String, SubnetSettings> serving, Instant now,
                                               Predicate<String> exists) {
        remembered.keySet().removeIf(pid -> !configured.containsKey(pid) && !exists.test(pid));
        heldAtStart.removeIf(pid -> !delivered.contains(pid) && !exists.test(pid));
        Set<String> together = delivered.containsAll(heldAtStart) ? heldAtStart : Set.of();
        SubnetArbiter.Decision decision =
                SubnetArbiter.decide(configured, serving, remembered, clearSince, together, now);
        if (!together.isEmpty()) {
            // From now on every new configuration waits for the ones delivered with it.
            heldAtStart = new TreeSet<>();
        }
        clearSince = decision.clearSince();
        // Only what serves, and what served but has not been delivered since the restart, keeps its subnet.
        Map<String, Subnet> updated = new TreeMap<>(remembered);
        updated.keySet().removeAll(configured.keySet());
        decision.served().forEach(served -> updated.put(served.pid(), served.subnet()));
        if (!updated.equals(remembered)) {
            remembered = updated;
            try {
                record.save(updated);
            } catch (UncheckedIOException e) {
                // Serving goes on: the record only breaks ties after a restart.
                LOG.error("serving record not written error=\"" + e.getMessage() + "\" effect=\"after a restart,"
                        + " overlapping subnet files are judged as new\"");
            }
        }
        return decision;
    }
}

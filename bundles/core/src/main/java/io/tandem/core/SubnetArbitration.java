package io.tandem.core;

import io.tandem.api.model.Subnet;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link SubnetArbiter} needs to remember between two decisions: since when each waiting configuration has been
 * free of overlaps, and
 * which configuration served which subnet (the {@link ServingRecord}, which outlives a restart).
 */
final class SubnetArbitration {

    private static final Logger LOG = LoggerFactory.getLogger(SubnetArbitration.class);

    private final ServingRecord record;
    private Map<String, Instant> clearSince = new HashMap<>();
    private Map<String, Subnet> remembered;

    SubnetArbitration(ServingRecord record) {
        this.record = record;
        this.remembered = record.load();
    }

    /**
     * Decides which configurations serve now and records the outcome.
     *
     * @param configured the latest good settings of every configuration delivered, by PID
     * @param serving what each PID is being served with now
     * @param exists whether Config Admin still has a PID, delivered or not
     */
    synchronized SubnetArbiter.Decision decide(Map<String, SubnetSettings> configured,
                                               Map<String, SubnetSettings> serving, Instant now,
                                               Predicate<String> exists) {
        remembered.keySet().removeIf(pid -> !configured.containsKey(pid) && !exists.test(pid));
        SubnetArbiter.Decision decision = SubnetArbiter.decide(configured, serving, remembered, clearSince, now);
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

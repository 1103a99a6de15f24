package io.tandem.store.mapdb;

import io.tandem.api.model.Lease;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * What opening the journal after a power loss must replay: every record after {@code checkpointed}, in sequence,
 * at least through the last acknowledged one, each acknowledged record with exactly its leases. A record never
 * acknowledged may be replayed only as one of the appends attempted under its sequence, and only in sequence.
 */
record JournalExpectation(long checkpointed, long newest, NavigableMap<Long, List<Lease>> acknowledged,
        Map<Long, List<List<Lease>>> attempted) {

    long lastAcknowledged() {
        return acknowledged.isEmpty() ? 0 : acknowledged.lastKey();
    }

    /** How {@code replayed} breaks the journal's promise, or empty if it keeps it. */
    Optional<String> violationBy(List<JournalRecord> replayed) {
        long expected = checkpointed + 1;
        for (JournalRecord record : replayed) {
            if (record.sequence() != expected) {
                return Optional.of("replayed record " + record.sequence() + " where record " + expected
                        + " was due");
            }
            List<Lease> acknowledgedLeases = acknowledged.get(expected);
            if (acknowledgedLeases != null && !acknowledgedLeases.equals(record.leases())) {
                return Optional.of("acknowledged record " + expected + " replayed with other leases");
            }
            if (acknowledgedLeases == null
                    && !attempted.getOrDefault(expected, List.of()).contains(record.leases())) {
                return Optional.of("record " + expected + " replayed with leases never appended under that sequence");
            }
            expected++;
        }
        if (expected <= lastAcknowledged()) {
            return Optional.of("acknowledged records " + expected + " to " + lastAcknowledged() + " are lost: the"
                    + " replay ends at " + (expected - 1) + ", the checkpoint files hold " + checkpointed);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "checkpoint files hold " + checkpointed + " (newer one " + newest + "), acknowledged through "
                + lastAcknowledged();
    }
}

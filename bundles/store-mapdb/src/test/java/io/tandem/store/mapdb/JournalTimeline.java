package io.tandem.store.mapdb;

import io.tandem.api.model.Lease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a journal workload did, placed at steps of the file system's history (the number of operations recorded
 * when it happened): the records it attempted, those acknowledged, and what the checkpoint files held.
 */
final class JournalTimeline {

    private record Attempt(int step, long sequence, List<Lease> leases) {
    }

    private record Acknowledgement(int step, long sequence, List<Lease> leases) {
    }

    private record Checkpoint(int step, long checkpointed, long newest) {
    }

    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Acknowledgement> acknowledgements = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    /** An append of {@code leases} as record {@code sequence} starts. */
    void attempted(int step, long sequence, List<Lease> leases) {
        attempts.add(new Attempt(step, sequence, leases));
    }

    /** The append returned: the record is acknowledged. */
    void acknowledged(int step, long sequence, List<Lease> leases) {
        acknowledgements.add(new Acknowledgement(step, sequence, leases));
    }

    /** From now on the checkpoint files hold everything through {@code checkpointed}, one through {@code newest}. */
    void checkpointed(int step, long checkpointed, long newest) {
        checkpoints.add(new Checkpoint(step, checkpointed, newest));
    }

    /** What opening the journal as a power loss after {@code step} operations left it must replay. */
    JournalExpectation at(int step) {
        long checkpointed = 0;
        long newest = 0;
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.step <= step) {
                checkpointed = checkpoint.checkpointed;
                newest = checkpoint.newest;
            }
        }
        TreeMap<Long, List<Lease>> acknowledged = new TreeMap<>();
        for (Acknowledgement acknowledgement : acknowledgements) {
            if (acknowledgement.step <= step) {
                acknowledged.put(acknowledgement.sequence, acknowledgement.leases);
            }
        }
        Map<Long, List<List<Lease>>> attempted = new HashMap<>();
        for (Attempt attempt : attempts) {
            if (attempt.step <= step) {
                attempted.computeIfAbsent(attempt.sequence, sequence -> new ArrayList<>()).add(attempt.leases);
            }
        }
        return new JournalExpectation(checkpointed, newest, acknowledged, attempted);
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Drives a {@link LeaseJournal} through a {@link PowerLossFileSystem} the way the store does: appends of small
 * random groups, some failing on an injected I/O error, after which the store is restarted; restarts now and then;
 * and checkpoints that write the store file, later its mirror, then let the journal discard what both hold. Notes
 * in a {@link JournalTimeline} what was attempted, acknowledged and checkpointed. What the live journal itself gets
 * wrong (a refused restart) ends the run and is reported as a {@link #problem}.
 */
final class JournalWorkload {

    private static final Ipv4Address BASE = Ipv4Address.parse("10.40.0.1");
    private static final int ADDRESSES = 4096;

    private final PowerLossFileSystem fileSystem;
    private final Path storeFile;
    private final long segmentBytes;
    private final SplittableRandom random;
    private final JournalTimeline timeline = new JournalTimeline();
    private LeaseJournal journal;
    /** The last record the journal holds, acknowledged or replayed. */
    private long lastSequence;
    private long checkpointed;
    private long newest;
    /** Appends left until the checkpoint in progress has written the mirror too, or -1 if none is in progress. */
    private int appendsUntilMirror = -1;
    private long version;
    private String problem;

    JournalWorkload(PowerLossFileSystem fileSystem, Path storeFile, long segmentBytes, SplittableRandom random) {
        this.fileSystem = fileSystem;
        this.storeFile = storeFile;
        this.segmentBytes = segmentBytes;
        this.random = random;
    }

    /** Runs {@code appends} appends, failed ones included, unless a restart is refused first. */
    void run(int appends) {
        journal = LeaseJournal.open(storeFile, 0, 0, record -> {
        }, segmentBytes);
        for (int i = 0; i < appends && problem == null; i++) {
            if (random.nextInt(20) == 0) {
                failAppendAndRestart();
            } else {
                append();
                advanceCheckpoint();
                if (random.nextInt(40) == 0) {
                    restart();
                }
            }
        }
        if (problem == null) {
            journal.close();
        }
    }

    JournalTimeline timeline() {
        return timeline;
    }

    /** What the live journal got wrong, without any power loss, if anything. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void append() {
        List<Lease> leases = randomLeases();
        long sequence = lastSequence + 1;
        timeline.attempted(fileSystem.step(), sequence, leases);
        long appended = journal.append(leases);
        if (appended != sequence) {
            throw new AssertionError("append returned sequence " + appended + " where " + sequence + " was due");
        }
        lastSequence = sequence;
        timeline.acknowledged(fileSystem.step(), sequence, leases);
    }

    /**
     * An append that fails part way, or whose sync fails, and sometimes whose removal fails too. The store then
     * refuses commits, but its checkpointer keeps running and may discard segments before the restart. A fault that
     * meets the room prepared ahead of the records instead fails only that, and the append succeeds.
     */
    private void failAppendAndRestart() {
        List<Lease> leases = randomLeases();
        long sequence = lastSequence + 1;
        InjectedFaults faults = fileSystem.faults();
        if (random.nextBoolean()) {
            faults.failNextWriteAfter(random.nextInt(new JournalRecord(sequence, leases).encode().limit()));
        } else {
            faults.failNextSync();
        }
        if (random.nextBoolean()) {
            faults.failNextTruncate();
        }
        timeline.attempted(fileSystem.step(), sequence, leases);
        try {
            journal.append(leases);
        } catch (LeaseStoreException expected) {
            faults.disarm();
            checkpointAndRestartAfterFailure();
            return;
        }
        // The fault hit the room the journal prepares ahead of its records (writing the zeros, syncing them, or
        // cutting them off again), which it does without: the record itself was written and synced. Whether it
        // really was, every power loss from here on tells.
        if (faults.armed()) {
            throw new AssertionError("append of record " + sequence + " succeeded without meeting its fault");
        }
        lastSequence = sequence;
        timeline.acknowledged(fileSystem.step(), sequence, leases);
    }

    private void checkpointAndRestartAfterFailure() {
        if (appendsUntilMirror >= 0 || (lastSequence > newest && random.nextBoolean())) {
            try {
                if (appendsUntilMirror < 0) {
                    startCheckpoint();
                }
                finishCheckpoint();
            } catch (LeaseStoreException refused) {
                // The journal may refuse to change its segments after a failure; the store fails the checkpoint.
            }
        }
        restart();
    }

    /** A checkpoint writes the store file, then, some appends later, its mirror, then discards covered records. */
    private void advanceCheckpoint() {
        if (appendsUntilMirror < 0 && lastSequence > newest && random.nextInt(8) == 0) {
            startCheckpoint();
        } else if (appendsUntilMirror > 0) {
            appendsUntilMirror--;
        } else if (appendsUntilMirror == 0) {
            finishCheckpoint();
        }
    }

    private void startCheckpoint() {
        newest = lastSequence;
        timeline.checkpointed(fileSystem.step(), checkpointed, newest);
        appendsUntilMirror = random.nextInt(3);
    }

    private void finishCheckpoint() {
        checkpointed = newest;
        timeline.checkpointed(fileSystem.step(), checkpointed, newest);
        appendsUntilMirror = -1;
        journal.discardThrough(checkpointed);
    }

    /** Closes the journal and opens it again as a restarted store would, checking what it replays. */
    private void restart() {
        journal.close();
        List<JournalRecord> replayed = new ArrayList<>();
        String context = "restart without power loss at step " + fileSystem.step() + " ("
                + timeline.at(fileSystem.step()) + "): ";
        try {
            journal = LeaseJournal.open(storeFile, checkpointed, newest, replayed::add, segmentBytes);
        } catch (LeaseStoreException e) {
            problem = context + "open refused: " + e.getMessage();
            return;
        }
        timeline.at(fileSystem.step()).violationBy(replayed).ifPresent(violation -> {
            problem = context + violation;
            journal.close();
        });
        if (!replayed.isEmpty()) {
            lastSequence = replayed.get(replayed.size() - 1).sequence();
        }
    }

    /** Mostly a few leases; now and then enough for a record longer than a page. */
    private List<Lease> randomLeases() {
        int count = random.nextInt(10) == 0 ? 20 + random.nextInt(40) : 1 + random.nextInt(4);
        Map<Integer, Lease> bySlot = new LinkedHashMap<>();
        while (bySlot.size() < count) {
            int slot = random.nextInt(ADDRESSES);
            bySlot.put(slot, CrashScenario.lease(new Ipv4Address(BASE.value() + slot), ++version));
        }
        return List.copyOf(bySlot.values());
    }
}

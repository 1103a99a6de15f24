package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power loss can leave at the end of the journal, beyond what a killed process leaves: the file's new size
 * without its data (zeros), blocks of a deleted segment (stale records), or any bytes. Each is the torn tail of an
 * append that was never acknowledged, as long as it is no longer than one record and no intact record follows;
 * anything else is refused. Records start on block boundaries, so no append rewrites an acknowledged record.
 */
class JournalTailTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void name() {
        file = dir.resolve("leases.db");
    }

    /** Appends one single-lease record per address number to a fresh journal at {@code store}. */
    private static List<Lease> writeJournal(Path store, long segmentBytes, int... numbers) {
        List<Lease> leases = new ArrayList<>();
        try (LeaseJournal journal = LeaseJournal.open(store, 0, 0, record -> {
        }, segmentBytes)) {
            for (int n : numbers) {
                Lease lease = active("10.1.0." + n, client(n));
                journal.append(List.of(lease));
                leases.add(lease);
            }
        }
        return leases;
    }

    private Path firstSegment() {
        return JournalSegment.of(file, 1).path();
    }

    /** Opens the journal with nothing checkpointed and returns the leases it replays, record by record. */
    private List<Lease> replay(long checkpointed) {
        List<Lease> replayed = new ArrayList<>();
        LeaseJournal.open(file, checkpointed, checkpointed, record -> replayed.addAll(record.leases())).close();
        return replayed;
    }

    private void append(Path target, byte[] bytes) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(bytes);
        }
    }

    @Test
    void everyRecordStartsOnABlockBoundary() throws Exception {
        List<Lease> leases = writeJournal(file, LeaseJournal.SEGMENT_BYTES, 1, 2, 3);
        assertThat(Files.size(firstSegment())).isEqualTo(3L * JournalRecord.BLOCK_BYTES);
        try (RandomAccessFile raf = new RandomAccessFile(firstSegment().toFile(), "r")) {
            for (int record = 0; record < 3; record++) {
                raf.seek(record * (long) JournalRecord.BLOCK_BYTES + Integer.BYTES);
                assertThat(raf.readLong()).as("sequence of the record at block " + record).isEqualTo(record + 1);
            }
        }
        assertThat(replay(0)).isEqualTo(leases);
    }

    @Test
    void aZeroFilledExtensionIsATornTail() throws Exception {
        List<Lease> leases = writeJournal(file, LeaseJournal.SEGMENT_BYTES, 1, 2, 3);
        long intact = Files.size(firstSegment());
        try (RandomAccessFile raf = new RandomAccessFile(firstSegment().toFile(), "rw")) {
            raf.setLength(intact + JournalRecord.BLOCK_BYTES + 100);
        }
        assertThat(replay(0)).isEqualTo(leases);
        assertThat(Files.size(firstSegment())).as("zeros cut off").isEqualTo(intact);
    }

    @Test
    void appendsOverwriteRoomPreparedAheadAndAKilledProcessLeavesItAsATailOfZeros() throws Exception {
        List<Lease> leases = new ArrayList<>();
        // Not closed: a killed process leaves the room it prepared.
        LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        });
        for (int n = 1; n <= 20; n++) {
            Lease lease = active("10.1.0." + n, client(n));
            journal.append(List.of(lease));
            leases.add(lease);
            assertThat(Files.size(firstSegment())).as("segment size after append " + n + ": no sync grows it")
                    .isEqualTo(JournalRecord.BLOCK_BYTES + LeaseJournal.PREPARE_BYTES);
        }
        assertThat(replay(0)).isEqualTo(leases);
        assertThat(Files.size(firstSegment())).as("room released on opening")
                .isEqualTo(20L * JournalRecord.BLOCK_BYTES);
    }

    @Test
    void onlyTheLastSegmentEndsInPreparedRoom() throws Exception {
        List<Lease> leases = new ArrayList<>();
        LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        }, 2L * JournalRecord.BLOCK_BYTES);
        for (int n = 1; n <= 7; n++) {
            Lease lease = active("10.1.0." + n, client(n));
            journal.append(List.of(lease));
            leases.add(lease);
        }
        List<JournalSegment> segments = JournalSegment.list(file);
        assertThat(segments).hasSize(4);
        for (JournalSegment segment : segments.subList(0, segments.size() - 1)) {
            assertThat(Files.size(segment.path())).as(segment.path().toString())
                    .isEqualTo(2L * JournalRecord.BLOCK_BYTES);
        }
        assertThat(replay(0)).isEqualTo(leases);
    }

    @Test
    void staleRecordsOfADeletedSegmentAreATornTail() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other")).resolve("leases.db");
        writeJournal(other, LeaseJournal.SEGMENT_BYTES, 7, 8);
        List<Lease> leases = writeJournal(file, LeaseJournal.SEGMENT_BYTES, 1, 2, 3);
        long intact = Files.size(firstSegment());
        // Records 1 and 2 of another journal, each with a valid checksum, where record 4 would be.
        append(firstSegment(), Files.readAllBytes(JournalSegment.of(other, 1).path()));
        assertThat(replay(0)).isEqualTo(leases);
        assertThat(Files.size(firstSegment())).isEqualTo(intact);
    }

    @Test
    void anyBytesNoLongerThanOneRecordAreATornTail() throws Exception {
        List<Lease> leases = writeJournal(file, LeaseJournal.SEGMENT_BYTES, 1, 2, 3);
        byte[] garbage = new byte[3 * JournalRecord.BLOCK_BYTES + 17];
        new SplittableRandom(4).nextBytes(garbage);
        append(firstSegment(), garbage);
        assertThat(replay(0)).isEqualTo(leases);
    }

    @Test
    void aBadRegionLongerThanOneRecordIsRefused() throws Exception {
        writeJournal(file, LeaseJournal.SEGMENT_BYTES, 1, 2, 3);
        long intact = Files.size(firstSegment());
        try (RandomAccessFile raf = new RandomAccessFile(firstSegment().toFile(), "rw")) {
            raf.setLength(intact + JournalRecord.MAX_BYTES + JournalRecord.BLOCK_BYTES);
        }
        assertThatThrownBy(() -> replay(0)).isInstanceOf(LeaseStoreException.class)
                .hasMessageContainingAll(firstSegment().toString(), "damaged at offset " + intact,
                        "more than one torn append can leave");
    }

    @Test
    void aStaleRecordInASegmentLaterSegmentsFollowIsRefused() throws Exception {
        writeJournal(file, JournalRecord.BLOCK_BYTES, 1, 2, 3);
        append(firstSegment(), Files.readAllBytes(firstSegment()));
        assertThatThrownBy(() -> replay(0)).isInstanceOf(LeaseStoreException.class)
                .hasMessageContainingAll(firstSegment().toString(), "a stale record",
                        "in a segment that later segments follow");
    }

    @Test
    void aGapMadeOnlyOfCheckpointedSegmentsIsDropped() throws Exception {
        // One record per segment: the segments start at sequences 1 to 5.
        List<Lease> leases = writeJournal(file, JournalRecord.BLOCK_BYTES, 1, 2, 3, 4, 5);
        // A power loss brought segment 1 back after deleting it, while segments 2 and 3 stayed deleted.
        Files.delete(JournalSegment.of(file, 2).path());
        Files.delete(JournalSegment.of(file, 3).path());
        assertThat(replay(3)).isEqualTo(leases.subList(3, 5));
        assertThat(firstSegment()).as("checkpointed segment deleted").doesNotExist();
    }

    @Test
    void aGapHoldingRecordsTheCheckpointsLackIsRefused() throws Exception {
        writeJournal(file, JournalRecord.BLOCK_BYTES, 1, 2, 3, 4, 5);
        Files.delete(JournalSegment.of(file, 2).path());
        Files.delete(JournalSegment.of(file, 3).path());
        assertThatThrownBy(() -> replay(2)).isInstanceOf(LeaseStoreException.class)
                .hasMessageContainingAll(JournalSegment.of(file, 4).path().toString(), "starts at sequence 4",
                        "the segment before it ends at 1");
    }

    @Test
    void underSteadyLoadEveryCheckpointLetsTheSegmentsBeforeTheLastOneGo() throws Exception {
        try (LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        })) {
            long sequence = 0;
            for (int checkpoint = 0; checkpoint < 5; checkpoint++) {
                sequence = journal.append(List.of(active("10.1.0.1", client(1))));
                journal.append(List.of(active("10.1.0.2", client(2))));
                // Each checkpoint holds all but the last record: the journal is never wholly covered.
                journal.discardThrough(sequence);
            }
        }
        List<JournalSegment> left = JournalSegment.list(file);
        assertThat(left).as("segments left: %s", left).hasSizeLessThanOrEqualTo(2);
        assertThat(left.get(0).firstSequence()).isGreaterThan(6);
    }

    @Test
    void aFailedAppendThatCannotBeCutOffStopsSegmentsFromStartingOrBeingDeleted() throws Exception {
        try (LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        })) {
            journal.append(List.of(active("10.1.0.1", client(1))));
            // The append fails (the interrupt closes the channel), and so does cutting it off: the file is gone.
            Files.delete(firstSegment());
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> journal.append(List.of(active("10.1.0.2", client(2)))))
                    .isInstanceOf(LeaseStoreException.class).hasMessageContaining("could not be removed");
            assertThat(Thread.interrupted()).as("interrupt kept for the caller").isTrue();
            // Covering everything would start segment 2, the number the failed record had.
            assertThatThrownBy(() -> journal.discardThrough(1)).isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("must not change until the store is reopened");
            assertThat(JournalSegment.of(file, 2).path()).doesNotExist();
        }
    }
}

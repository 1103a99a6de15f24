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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;

/**
 * Whatever is found at the store path and beside it, the store either opens it whole or refuses it naming file
 * and fault. A damaged journal tail is the one exception: it was never acknowledged, so it is discarded.
 */
class DamagedStoreTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void name() {
        file = dir.resolve("leases.db");
    }

    private void writeStoreWithLeases(int count) {
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                leases.add(active("10.1." + (i / 250) + "." + (1 + i % 250), client(i)));
            }
            store.commit(leases).toCompletableFuture().join();
        }
    }

    private void assertRefused(String... problem) {
        assertThatThrownBy(() -> new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContainingAll(problem);
    }

    @Test
    void aForeignFileIsRefused() throws Exception {
        Files.writeString(file, "lease 10.0.0.5 { starts 4 2026/11/24 10:00:00; }\n".repeat(100));
        assertRefused("damaged or not a Tandem lease store", "not MapDB file");
        assertThat(CheckpointFiles.mirrorOf(file)).as("no mirror made of a foreign file").doesNotExist();
    }

    @Test
    void aZeroedFileIsRefused() throws Exception {
        writeStoreWithLeases(10);
        long length = Files.size(file);
        Files.write(file, new byte[(int) length]);
        assertRefused("damaged or not a Tandem lease store", "Wrong file header");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Files.createFile(file);
        assertRefused("empty file (0 bytes)", "refusing to start empty");
    }

    @Test
    void aTruncatedStoreIsRefused() throws Exception {
        writeStoreWithLeases(2000);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertRefused("damaged");
    }

    @Test
    void aStoreWithANewerSchemaIsRefused() {
        writeStoreWithLeases(1);
        try (DB db = DBMaker.fileDB(file.toFile()).make()) {
            db.atomicInteger(StoreSchema.VERSION_RECORD).open().set(StoreSchema.CURRENT_VERSION + 1);
            db.commit();
        }
        assertRefused("schema version " + (StoreSchema.CURRENT_VERSION + 1),
                "newer than this code's " + StoreSchema.CURRENT_VERSION);
    }

    @Test
    void aMapDbFileWithoutTheMetaRecordIsRefused() {
        try (DB db = DBMaker.fileDB(file.toFile()).make()) {
            db.hashMap("somethingElse").createOrOpen();
            db.commit();
        }
        assertRefused("without the meta record", StoreSchema.VERSION_RECORD);
    }

    @Test
    void aMissingStoreFileBesideItsMirrorIsRefused() throws Exception {
        writeStoreWithLeases(1);
        Files.delete(file);
        assertRefused("is missing but its mirror", "refusing to start empty");
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefusedBeforeItRepairsAnything() throws Exception {
        try (MapDbLeaseStore first = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            // As if the first store were inside a checkpoint of its mirror: the second must not restore it.
            Path marker = Files.createFile(file.resolveSibling("leases.db.mirror.checkpointing"));
            assertRefused("is locked", "another store in this process", "leases.db.lock");
            assertThat(marker).as("nothing repaired").exists();
            Files.delete(marker);
        }
    }

    @Test
    void bothFilesInterruptedMidCheckpointIsRefused() throws Exception {
        writeStoreWithLeases(1);
        Files.createFile(file.resolveSibling("leases.db.checkpointing"));
        Files.createFile(file.resolveSibling("leases.db.mirror.checkpointing"));
        assertRefused("both interrupted while checkpointing", "neither is known to be whole");
    }

    /** Writes a journal of three one-lease records beside no store files: opening replays it into new files. */
    private List<Lease> writeJournalOnly() {
        List<Lease> leases = List.of(active("10.1.0.1", client(1)), active("10.1.0.2", client(2)),
                active("10.1.0.3", client(3)));
        LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        });
        leases.forEach(lease -> journal.append(List.of(lease)));
        journal.close();
        return leases;
    }

    private Path journalSegment() {
        return JournalSegment.of(file, 1).path();
    }

    private static int recordBytes(Lease lease) {
        return new JournalRecord(1, List.of(lease)).encode().limit();
    }

    private void flipByte(Path target, long offset) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            raf.seek(offset);
            int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ 0x5a);
        }
    }

    @Test
    void journalRecordsAfterTheLastCheckpointAreReplayed() {
        List<Lease> leases = writeJournalOnly();
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            assertThat(store.openReport().replayedRecords()).isEqualTo(3);
            leases.forEach(lease -> assertThat(store.get(lease.address())).contains(lease));
        }
    }

    @Test
    void aTornJournalTailIsDiscarded() throws Exception {
        List<Lease> leases = writeJournalOnly();
        long intact = Files.size(journalSegment()) - recordBytes(leases.get(2));
        try (RandomAccessFile raf = new RandomAccessFile(journalSegment().toFile(), "rw")) {
            raf.setLength(intact + JournalRecord.HEADER_BYTES + 5);
        }
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096,
                Duration.ofHours(1), MapDbLeaseStore.DEFAULT_MAX_PENDING_LEASES)) {
            assertThat(store.get(leases.get(1).address())).contains(leases.get(1));
            assertThat(store.get(leases.get(2).address())).as("never acknowledged").isEmpty();
            assertThat(Files.size(journalSegment())).as("torn record cut off").isEqualTo(intact);
        }
    }

    @Test
    void aLastJournalRecordFailingItsChecksumIsDiscarded() throws Exception {
        List<Lease> leases = writeJournalOnly();
        long last = Files.size(journalSegment()) - recordBytes(leases.get(2));
        flipByte(journalSegment(), last + JournalRecord.HEADER_BYTES + 3);
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            assertThat(store.get(leases.get(1).address())).contains(leases.get(1));
            assertThat(store.get(leases.get(2).address())).isEmpty();
        }
    }

    @Test
    void damageBeforeTheJournalTailIsRefusedNamingFileAndOffset() throws Exception {
        List<Lease> leases = writeJournalOnly();
        int second = recordBytes(leases.get(0));
        flipByte(journalSegment(), second + JournalRecord.HEADER_BYTES + 3);
        assertRefused(journalSegment().toString(), "damaged at offset " + second, "failing its checksum");
    }

    @Test
    void aDamagedLengthBeforeTheJournalTailIsNotMistakenForATornTail() throws Exception {
        List<Lease> leases = writeJournalOnly();
        int second = recordBytes(leases.get(0));
        try (RandomAccessFile raf = new RandomAccessFile(journalSegment().toFile(), "rw")) {
            raf.seek(second);
            raf.writeInt(1 << 30);
        }
        assertRefused(journalSegment().toString(), "damaged at offset " + second, "past the end of the file",
                "intact later record follows");
    }

    @Test
    void aMissingJournalIsRefused() throws Exception {
        writeStoreWithLeases(1);
        Files.delete(JournalSegment.list(file).get(0).path());
        assertRefused("journal", "is missing", "refusing to start");
    }

    @Test
    void aGapBetweenJournalSegmentsIsRefused() throws Exception {
        writeJournalOnly();
        Path later = JournalSegment.of(file, 10).path();
        Files.createFile(later);
        assertRefused(later.toString(), "starts at sequence 10", "the segment before it ends at 3");
    }

    @Test
    void aStoreFileInterruptedMidCheckpointIsRestoredFromItsMirror() throws Exception {
        writeStoreWithLeases(500);
        overwriteMiddle(file);
        Files.createFile(file.resolveSibling("leases.db.checkpointing"));
        assertReopensWhole(500);
    }

    @Test
    void aMirrorInterruptedMidCheckpointIsRestoredFromTheStoreFile() throws Exception {
        writeStoreWithLeases(500);
        Path mirror = CheckpointFiles.mirrorOf(file);
        overwriteMiddle(mirror);
        Files.createFile(mirror.resolveSibling("leases.db.mirror.checkpointing"));
        assertReopensWhole(500);
        assertThat(CheckpointFiles.interruptedCheckpoint(mirror)).as("marker removed").isFalse();
    }

    /** Garbles a stretch in the middle of a MapDB file, as a checkpoint killed halfway may leave it. */
    private static void overwriteMiddle(Path target) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[8192]);
        }
    }

    private void assertReopensWhole(int count) {
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            assertThat(store.openReport().repairedCheckpoint()).isTrue();
            assertThat(store.size()).isEqualTo(count);
            assertThat(store.findByClient(client(count - 1))).hasSize(1);
        }
    }
}

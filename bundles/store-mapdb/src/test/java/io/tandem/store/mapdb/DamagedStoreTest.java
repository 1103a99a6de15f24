package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;

/** Whatever is found at the store path, the store either opens it whole or refuses it naming file and fault. */
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
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make()) {
            db.atomicInteger(StoreSchema.VERSION_RECORD).open().set(StoreSchema.CURRENT_VERSION + 1);
            db.commit();
        }
        assertRefused("schema version 2", "newer than this code's 1");
    }

    @Test
    void aMapDbFileWithoutTheMetaRecordIsRefused() {
        try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make()) {
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
    void bothFilesInterruptedMidCommitIsRefused() throws Exception {
        writeStoreWithLeases(1);
        Files.writeString(file.resolveSibling("leases.db.wal.0"), "x");
        Files.writeString(file.resolveSibling("leases.db.mirror.wal.0"), "x");
        assertRefused("both interrupted while committing");
    }
}

package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ScratchStores;
import io.tandem.api.model.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scratch store is a real store of its own beside the real one, empty when opened and gone when closed. */
class ScratchStoresTest {

    @TempDir
    Path dir;

    private MapDbLeaseStore real;
    private Path scratchDirectory;

    @BeforeEach
    void open() {
        real = new MapDbLeaseStore(dir.resolve("leases.db"), VolumeKind.MMAP, 4096);
        real.commit(List.of(active("10.0.0.5", client(1)))).toCompletableFuture().join();
        scratchDirectory = dir.resolve("leases.db.scratch");
    }

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void aScratchStoreStartsEmptyKeepsItsLeasesApartAndIsDeletedWhenClosed() {
        Lease rehearsed = active("198.18.0.10", client(2));
        try (ScratchStores.ScratchStore scratch = real.open()) {
            assertThat(scratch.store()).isInstanceOf(MapDbLeaseStore.class);
            assertThat(scratch.store().size()).isZero();
            scratch.store().commit(List.of(rehearsed)).toCompletableFuture().join();

            assertThat(scratch.store().get(rehearsed.address())).contains(rehearsed);
            assertThat(scratchDirectory.resolve("leases.db")).exists();
            assertThat(real.get(rehearsed.address())).isEmpty();
            assertThat(real.size()).isEqualTo(1);
        }
        assertThat(scratchDirectory).doesNotExist();
        assertThat(real.get(ip("10.0.0.5"))).isPresent();
    }

    @Test
    void whatAnEarlierScratchStoreLeftBehindIsNotInTheNextOne() throws Exception {
        // As a process killed during a rehearsal leaves it: a store with leases, and a stray file beside it.
        Files.createDirectories(scratchDirectory);
        try (MapDbLeaseStore left = new MapDbLeaseStore(scratchDirectory.resolve("leases.db"), VolumeKind.MMAP, 64)) {
            left.commit(List.of(active("198.18.0.11", client(3)))).toCompletableFuture().join();
        }
        Files.writeString(scratchDirectory.resolve("stray"), "left behind");

        try (ScratchStores.ScratchStore scratch = real.open()) {
            assertThat(scratch.store().size()).isZero();
            assertThat(scratch.store().findByClient(client(3))).isEmpty();
            assertThat(scratchDirectory.resolve("stray")).doesNotExist();
        }
        assertThat(scratchDirectory).doesNotExist();
    }
}

package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing data volume must not look like an empty store: a store whose files are all gone is created again only
 * once the operator deletes the marker that recorded its creation. Real files; {@code etc} stands for Karaf's.
 */
class FirstRunTest {

    @TempDir
    Path dir;

    private Path etc;
    private Path file;
    private Path markerFile;
    private final Lease lease = active("10.0.0.5", client(1));

    @BeforeEach
    void directories() throws IOException {
        etc = Files.createDirectories(dir.resolve("etc"));
        file = dir.resolve("data/tandem/leases.db");
        markerFile = etc.resolve(FirstRunMarker.FILE_NAME);
    }

    /** Opens the store as DS does in a Karaf whose etc directory is {@link #etc}. */
    private MapDbLeaseStore open(Path store) {
        return new MapDbLeaseStore(settings(store), FirstRunGuard.inKarafEtc(etc.toString()));
    }

    private static StoreSettings settings(Path store) {
        return new StoreSettings(store, VolumeKind.FILE_CHANNEL, 4096, MapDbLeaseStore.DEFAULT_COMMIT_GATHER, 0);
    }

    private void createStoreWithALease() {
        try (MapDbLeaseStore store = open(file)) {
            store.commit(List.of(lease)).toCompletableFuture().join();
        }
    }

    private FirstRunMarker.Recorded recorded() throws IOException {
        return new FirstRunMarker(etc).read().orElseThrow();
    }

    /** Deletes the store file, its mirror and its journal, as an empty volume mounted in its place would show. */
    private void deleteStoreFiles() throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path each : files.toList()) {
                Files.delete(each);
            }
        }
    }

    /** Every file under {@link #dir} with its contents, and every directory (mapped to null). */
    private Map<Path, ByteBuffer> everything() throws IOException {
        Map<Path, ByteBuffer> found = new HashMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                found.put(path, Files.isDirectory(path) ? null : ByteBuffer.wrap(Files.readAllBytes(path)));
            }
        }
        return found;
    }

    private void assertRefusedTouchingNothing(Path store, String... problem) throws IOException {
        Map<Path, ByteBuffer> before = everything();
        assertThatThrownBy(() -> open(store))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContainingAll(store.toString(), markerFile.toString(),
                        "Refusing to start with an empty store", "delete " + markerFile)
                .hasMessageContainingAll(problem);
        assertThat(everything()).as("files after the refusal").isEqualTo(before);
    }

    @Test
    void aFirstRunCreatesTheStoreAndThenRecordsItOutsideTheDataVolume() throws IOException {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (MapDbLeaseStore store = open(file)) {
            assertThat(store.size()).isZero();
        }
        assertThat(file).exists();
        assertThat(recorded().store()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(Instant.parse(recorded().created())).isBetween(start, Instant.now());
        assertThat(Files.readAllLines(markerFile)).contains("path = " + file.toAbsolutePath(),
                "created = " + recorded().created());
        try (Stream<Path> inEtc = Files.list(etc)) {
            assertThat(inEtc).as("nothing but the marker left in etc").containsExactly(markerFile);
        }
    }

    @Test
    void aStoreWhoseFilesAreAllGoneIsRefusedAndNothingIsWritten() throws IOException {
        createStoreWithALease();
        String created = recorded().created();

        deleteStoreFiles();
        assertRefusedTouchingNothing(file, "records that it was created " + created,
                "the data volume may not be mounted");

        Files.delete(file.getParent());
        assertRefusedTouchingNothing(file, "the data volume may not be mounted");
    }

    @Test
    void deletingTheMarkerStartsAnEmptyStoreAndRecordsItAgain() throws IOException {
        createStoreWithALease();
        deleteStoreFiles();
        assertRefusedTouchingNothing(file, "the data volume may not be mounted");

        Files.delete(markerFile);
        try (MapDbLeaseStore store = open(file)) {
            assertThat(store.size()).isZero();
        }
        assertThat(recorded().store()).isEqualTo(file.toAbsolutePath().toString());
        deleteStoreFiles();
        assertRefusedTouchingNothing(file, "the data volume may not be mounted");
    }

    @Test
    void anExistingStoreWithoutAMarkerGetsOneWithoutComplaint() throws IOException {
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            store.commit(List.of(lease)).toCompletableFuture().join();
        }
        assertThat(markerFile).doesNotExist();

        try (MapDbLeaseStore store = open(file)) {
            assertThat(store.get(lease.address())).contains(lease);
        }
        assertThat(recorded().store()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(recorded().created()).startsWith("before ");

        deleteStoreFiles();
        assertRefusedTouchingNothing(file, "records that it was created before ");
    }

    @Test
    void aChangedPathWithoutTheStoreFilesIsRefusedAndOpensOnceTheyAreMoved() throws IOException {
        createStoreWithALease();
        Path moved = dir.resolve("volume/leases.db");

        assertRefusedTouchingNothing(moved, "records the store " + file.toAbsolutePath(), "configured path has changed",
                "Move the files to " + moved.getParent().toAbsolutePath());

        Files.move(file.getParent(), moved.getParent());
        try (MapDbLeaseStore store = open(moved)) {
            assertThat(store.get(lease.address())).contains(lease);
        }
        assertThat(recorded().store()).as("the marker follows the store").isEqualTo(moved.toAbsolutePath().toString());
    }

    @Test
    void aStoreMissingOnlyItsFileKeepsItsOwnRefusal() throws IOException {
        createStoreWithALease();
        Files.delete(file);

        assertThatThrownBy(() -> open(file))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining("is missing but its mirror")
                .hasMessageNotContaining(markerFile.toString());
    }

    @Test
    void outsideKarafAMissingStoreIsCreatedAsBefore() throws IOException {
        assertThat(FirstRunGuard.inKarafEtc(null)).isSameAs(FirstRunGuard.NONE);
        try (MapDbLeaseStore store = new MapDbLeaseStore(settings(file), FirstRunGuard.NONE)) {
            store.commit(List.of(lease)).toCompletableFuture().join();
        }
        deleteStoreFiles();

        try (MapDbLeaseStore store = new MapDbLeaseStore(settings(file), FirstRunGuard.NONE)) {
            assertThat(store.size()).isZero();
        }
        assertThat(markerFile).doesNotExist();
    }
}

package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the store on a small tmpfs of its own, filled up by another file, then given room again.
 * Commits go on into the disk reserve, then fail while the disk is full (nothing unstored is acknowledged), and
 * succeed again at the first try once there is room; a restart while it is still full opens, serves what is stored
 * and renews it. Mounting needs root, as the end-to-end tests do; without it this test fails, it does not skip.
 */
class FullDiskTest {

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);
    /** Room for 256 journal records once the disk is full. */
    private static final long RESERVE_BYTES = 1 << 20;

    @TempDir
    Path dir;

    private Path disk;
    private Path file;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(dir.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tandem-full-disk-test", disk.toString());
        file = disk.resolve("leases.db");
    }

    @AfterEach
    void unmount() throws Exception {
        // Lazily: MapDB leaves its files mapped until the mappings are collected.
        run("umount", "--lazy", disk.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + " (needs root): " + output).isZero();
    }

    private MapDbLeaseStore open() {
        return open(CHECKPOINT_INTERVAL);
    }

    private MapDbLeaseStore open(Duration checkpointInterval) {
        return new MapDbLeaseStore(file, VolumeKind.MMAP, 4096, MapDbLeaseStore.DEFAULT_COMMIT_GATHER,
                checkpointInterval, MapDbLeaseStore.DEFAULT_MAX_PENDING_LEASES, RESERVE_BYTES);
    }

    /** Fills the disk with a file of its own until a write fails; returns that file. */
    private Path fill() throws IOException {
        Path filler = disk.resolve("filler");
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        return filler;
    }

    private static Lease lease(int n) {
        return TestLeases.active("10.4." + (n / 250) + "." + (1 + n % 250), TestLeases.client(n));
    }

    /**
     * Commits leases {@code from} to {@code to} (exclusive) one per batch, as core does; adds each to its outcome.
     * Returns the store's health right after the first failed commit, or null if none failed.
     */
    private static LeaseStoreHealth commit(MapDbLeaseStore store, int from, int to, List<Lease> acknowledged,
            List<Lease> failed) {
        LeaseStoreHealth atFirstFailure = null;
        for (int n = from; n < to; n++) {
            Lease lease = lease(n);
            try {
                store.commit(List.of(lease)).toCompletableFuture().join();
                acknowledged.add(lease);
            } catch (CompletionException e) {
                assertThat(e).hasMessageContaining("No space left on device");
                failed.add(lease);
                atFirstFailure = atFirstFailure != null ? atFirstFailure : store.health();
            }
        }
        return atFirstFailure;
    }

    private static void awaitHealthy(MapDbLeaseStore store) throws InterruptedException {
        awaitCondition(store, LeaseStoreHealth.Condition.HEALTHY);
    }

    private static void awaitCondition(MapDbLeaseStore store, LeaseStoreHealth.Condition condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.health().condition() != condition && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.health().condition()).as(store.health().toString()).isEqualTo(condition);
    }

    private void assertStored(List<Lease> acknowledged, List<Lease> failed) {
        try (MapDbLeaseStore reopened = open()) {
            acknowledged.forEach(lease -> assertThat(reopened.get(lease.address())).contains(lease));
            failed.forEach(lease -> assertThat(reopened.get(lease.address())).as("never acknowledged").isEmpty());
        }
    }

    @Test
    void commitsFailWhileTheDiskIsFullAndSucceedAgainAtTheFirstTryOnceItHasRoom() throws Exception {
        List<Lease> acknowledged = new ArrayList<>();
        List<Lease> failed = new ArrayList<>();
        // No checkpoint until the store closes: one would discard journal segments and give the journal room again.
        try (MapDbLeaseStore store = open(Duration.ofHours(1))) {
            commit(store, 0, 300, acknowledged, failed);
            assertThat(failed).isEmpty();
            Path filler = fill();
            // The room the journal prepared ahead of its records, then the reserve, hold up to 512 more records.
            LeaseStoreHealth whileFull = commit(store, 300, 1000, acknowledged, failed);
            assertThat(failed).as("commits on a full disk").isNotEmpty();
            assertThat(whileFull.condition()).isEqualTo(LeaseStoreHealth.Condition.COMMITS_FAILING);
            assertThat(whileFull.problem()).contains("No space left on device");

            Files.delete(filler);
            List<Lease> afterwards = new ArrayList<>();
            commit(store, 1000, 1300, afterwards, failed);
            assertThat(afterwards).as("every commit once there is room").hasSize(300);
            acknowledged.addAll(afterwards);
            assertThat(store.health()).isEqualTo(LeaseStoreHealth.HEALTHY);
        }
        assertStored(acknowledged, failed);
    }

    @Test
    void aRestartWhileTheDiskIsStillFullOpensServesWhatIsStoredAndRenewsIt() throws Exception {
        List<Lease> acknowledged = new ArrayList<>();
        List<Lease> failed = new ArrayList<>();
        try (MapDbLeaseStore store = open()) {
            commit(store, 0, 300, acknowledged, failed);
        }
        // A power cut inside a checkpoint of the mirror: opening must restore it from the store file, with no room.
        Files.createFile(disk.resolve("leases.db.mirror.checkpointing"));
        Path filler = fill();
        try (MapDbLeaseStore reopened = open()) {
            assertThat(disk.resolve("leases.db.mirror.checkpointing")).as("restored in place, with no room")
                    .doesNotExist();
            acknowledged.forEach(lease -> assertThat(reopened.get(lease.address())).contains(lease));
            List<Lease> renewed = acknowledged.subList(0, 50).stream()
                    .map(lease -> lease.toBuilder().end(lease.end().plusSeconds(3600)).build()).toList();
            for (Lease renewal : renewed) {
                reopened.commit(List.of(renewal)).toCompletableFuture().join();
            }
            assertThat(reserve()).as("given up to the journal").doesNotExist();

            Files.delete(filler);
            List<Lease> afterwards = new ArrayList<>();
            commit(reopened, 300, 400, afterwards, failed);
            assertThat(afterwards).as("every commit once there is room").hasSize(100);
            acknowledged.subList(0, 50).clear();
            acknowledged.addAll(renewed);
            acknowledged.addAll(afterwards);
            awaitHealthy(reopened);
            awaitReserveWrittenAgain();
        }
        assertStored(acknowledged, failed);
    }

    /** The checkpointer writes the reserve again after a checkpoint once there is room: within a few intervals. */
    @Test
    void aScratchStoreIsRefusedOnAVolumeWithLittleRoomAndWritesNothing() throws Exception {
        try (MapDbLeaseStore store = open()) {
            long freeBefore = Files.getFileStore(disk).getUsableSpace();

            assertThatThrownBy(store::open).isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("MiB free on its volume");

            assertThat(disk.resolve("leases.db.scratch")).doesNotExist();
            assertThat(Files.getFileStore(disk).getUsableSpace()).isEqualTo(freeBefore);
        }
    }

    private void awaitReserveWrittenAgain() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(reserve()) && Files.size(reserve()) == RESERVE_BYTES) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(reserve()).as("written again").hasSize(RESERVE_BYTES);
    }

    private Path reserve() {
        return disk.resolve("leases.db.reserve");
    }
}

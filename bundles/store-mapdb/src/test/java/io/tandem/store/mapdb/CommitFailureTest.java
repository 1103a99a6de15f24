package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.model.Lease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An I/O failure inside a commit: interrupting the writer makes the file channel it is using close under it (the
 * journal's while it appends), the way a failing disk would. Callers must see a LeaseStoreException, nothing of a
 * failed batch may be stored, and once the failed record is cut off the store commits again by itself.
 */
class CommitFailureTest {

    @TempDir
    Path dir;

    @Test
    void aFailedCommitFailsItsCallersAndStoresNothingOfThem() throws Exception {
        Path file = dir.resolve("leases.db");
        List<Lease> acknowledged = new ArrayList<>();
        List<Lease> failed = new ArrayList<>();
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("tandem-lease-store-writer")).findFirst().orElseThrow();
            for (int i = 0; failed.isEmpty() && i < 50_000; i++) {
                Lease lease = Lease.free(ip("10.2." + (i / 250 % 250) + "." + (1 + i % 250)));
                CompletableFuture<Void> done = store.commit(List.of(lease)).toCompletableFuture();
                writer.interrupt();
                try {
                    done.join();
                    acknowledged.add(lease);
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(LeaseStoreException.class)
                            .hasMessageContaining(file.toString());
                    failed.add(lease);
                }
            }
            assertThat(failed).as("an interrupt eventually hit the writer inside a commit").isNotEmpty();
            assertThat(store.health().condition()).isEqualTo(LeaseStoreHealth.Condition.COMMITS_FAILING);
            assertThat(store.health().problem()).contains(file.toString());
            Lease afterwards = Lease.free(ip("10.3.0.1"));
            store.commit(List.of(afterwards)).toCompletableFuture().join();
            acknowledged.add(afterwards);
            assertThat(store.health()).isEqualTo(LeaseStoreHealth.HEALTHY);
        }
        try (MapDbLeaseStore reopened = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            for (Lease lease : acknowledged) {
                assertThat(reopened.get(lease.address())).contains(lease);
            }
            for (Lease lease : failed) {
                assertThat(reopened.get(lease.address())).as("failed batch stored nothing").isEmpty();
            }
        }
    }
}

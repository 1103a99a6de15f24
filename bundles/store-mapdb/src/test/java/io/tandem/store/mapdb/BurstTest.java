package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.Burst;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits made while a burst is open: held until it closes, then one group, written where the store is idle. */
class BurstTest {

    private static final String WRITER = "tandem-lease-store-writer";

    @TempDir
    Path dir;

    private Path file;
    private MapDbLeaseStore store;

    @BeforeEach
    void open() {
        file = dir.resolve("leases.db");
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Commits one FREE lease of 10.0.{@code net}.{@code host}; the future completes with the completing thread. */
    private CompletableFuture<String> commit(int net, int host) {
        return store.commit(List.of(Lease.free(ip("10.0." + net + "." + host))))
                .thenApply(durable -> Thread.currentThread().getName()).toCompletableFuture();
    }

    @Test
    void aBurstsCommitsWaitForItsCloseAndAreThenOneGroupWrittenOnTheClosingThread() throws Exception {
        List<CompletableFuture<String>> commits = new ArrayList<>();
        Burst burst = store.openBurst();
        for (int host = 1; host <= 5; host++) {
            commits.add(commit(1, host));
        }
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(commits).as("nothing written before the burst closes").noneMatch(CompletableFuture::isDone);
        assertThat(store.counters().groups()).isZero();

        burst.close();

        assertThat(commits).as("durable when close returns").allMatch(CompletableFuture::isDone);
        assertThat(commits).extracting(CompletableFuture::join).containsOnly(Thread.currentThread().getName());
        CommitCounters counters = store.counters();
        assertThat(counters.groups()).as("one group: %s", counters).isEqualTo(1);
        assertThat(counters.batches()).isEqualTo(5);
        assertThat(counters.journalSyncs()).isEqualTo(1);
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096);
        assertThat(store.size()).isEqualTo(5);
    }

    @Test
    void aBurstClosedWhileAnotherGroupIsBeingWrittenGoesToTheWriter() throws Exception {
        // Another thread's burst is written on that thread, which holds the store's writing there until released.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            Burst burst = store.openBurst();
            store.commit(List.of(Lease.free(ip("10.0.2.1")))).whenComplete((durable, failure) -> {
                holding.countDown();
                awaitUninterruptibly(release);
            });
            burst.close();
        }, "other-burst");
        other.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        Burst burst = store.openBurst();
        CompletableFuture<String> mine = commit(2, 2);
        burst.close();
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(mine).as("waits behind the group being written").isNotDone();

        release.countDown();
        assertThat(mine.get(10, TimeUnit.SECONDS)).isEqualTo(WRITER);
        other.join();
    }

    @Test
    void anInterruptedThreadLeavesItsBurstToTheWriterAndKeepsItsInterrupt() throws Exception {
        Burst burst = store.openBurst();
        CompletableFuture<String> commit = commit(3, 1);
        Thread.currentThread().interrupt();
        try {
            burst.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(commit.get(10, TimeUnit.SECONDS)).isEqualTo(WRITER);
    }

    @Test
    void aBurstThatWouldWaitForACheckpointIsLeftToTheWriter() throws Exception {
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, Duration.ofHours(1), 10);
        for (int host = 1; host <= 10; host++) {
            commit(7, host).join();
        }
        Burst burst = store.openBurst();
        CompletableFuture<String> commit = commit(7, 11);
        burst.close();
        assertThat(commit.get(10, TimeUnit.SECONDS)).as("ten leases wait for a checkpoint, the most allowed")
                .isEqualTo(WRITER);
        assertThat(store.counters().checkpoints()).isPositive();
    }

    @Test
    void aBurstOpenedInsideAnotherIsPartOfIt() {
        Burst outer = store.openBurst();
        Burst inner = store.openBurst();
        CompletableFuture<String> commit = commit(4, 1);
        inner.close();
        assertThat(commit).as("waits for the outer burst").isNotDone();
        outer.close();
        assertThat(commit).isDone();
        outer.close();
        assertThat(store.counters().groups()).as("closing twice writes nothing more").isEqualTo(1);
    }

    @Test
    void aBurstLargerThanAGroupIsWrittenInGroupsInOrder() {
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 3);
        List<CompletableFuture<String>> commits = new ArrayList<>();
        Burst burst = store.openBurst();
        for (int host = 1; host <= 10; host++) {
            commits.add(commit(5, host));
        }
        burst.close();
        assertThat(commits).extracting(CompletableFuture::join).containsOnly(Thread.currentThread().getName());
        assertThat(store.counters().groups()).as("3 + 3 + 3 + 1").isEqualTo(4);
        assertThat(store.size()).isEqualTo(10);
    }

    @Test
    void aBurstStillOpenWhenTheStoreClosesFailsItsCommitsNamingTheFile() {
        Burst burst = store.openBurst();
        CompletableFuture<String> commit = commit(6, 1);
        store.close();
        burst.close();
        assertThatThrownBy(commit::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LeaseStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("closed");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep holding until released
            }
        }
    }
}

package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static io.tandem.store.mapdb.TestLeases.hardwareClient;
import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.Burst;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbLeaseStoreTest {

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

    private void commit(Lease... leases) {
        store.commit(List.of(leases)).toCompletableFuture().join();
    }

    private void reopen() {
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096);
    }

    @Test
    void committedLeasesCanBeReadBackAfterReopening() {
        Lease lease = active("10.0.0.5", client(1));
        commit(lease, Lease.free(ip("10.0.0.6")));
        reopen();
        assertThat(store.get(ip("10.0.0.5"))).contains(lease);
        assertThat(store.get(ip("10.0.0.7"))).isEmpty();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void findByClientReturnsEveryLeaseOfThatClientInAddressOrder() {
        ClientId alice = client(1);
        Lease second = active("10.0.1.9", alice);
        Lease first = Lease.builder(ip("10.0.0.200")).state(BindingState.RELEASED).client(alice).build();
        commit(second, first, active("10.0.0.201", client(2)), Lease.free(ip("10.0.0.202")));
        assertThat(store.findByClient(alice)).containsExactly(first, second);
        assertThat(store.findByClient(client(3))).isEmpty();
    }

    @Test
    void clientsWhoseIdentityIsAPrefixOfAnotherStayApart() {
        ClientId shortId = ClientId.fromClientIdentifier(new byte[] {1, 2});
        ClientId longId = ClientId.fromClientIdentifier(new byte[] {1, 2, 10, 0, 0, 1});
        Lease ofShort = active("10.0.0.1", shortId);
        Lease ofLong = active("10.0.0.2", longId);
        commit(ofShort, ofLong);
        assertThat(store.findByClient(shortId)).containsExactly(ofShort);
        assertThat(store.findByClient(longId)).containsExactly(ofLong);
    }

    @Test
    void optionAndHardwareIdentitiesAreDifferentClients() {
        Lease byOption = active("10.0.0.1", client(9));
        Lease byHardware = active("10.0.0.2", hardwareClient(9));
        commit(byOption, byHardware);
        assertThat(store.findByClient(hardwareClient(9))).containsExactly(byHardware);
    }

    @Test
    void aLeaseChangingClientMovesItsIndexEntry() {
        commit(active("10.0.0.5", client(1)));
        Lease takenOver = active("10.0.0.5", client(2));
        commit(takenOver);
        assertThat(store.findByClient(client(1))).isEmpty();
        assertThat(store.findByClient(client(2))).containsExactly(takenOver);
        commit(Lease.free(ip("10.0.0.5")));
        reopen();
        assertThat(store.findByClient(client(2))).isEmpty();
    }

    @Test
    void scanVisitsAnInclusiveRangeInUnsignedAddressOrder() {
        for (String address : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "200.0.0.1", "127.255.255.255"}) {
            commit(Lease.free(ip(address)));
        }
        List<String> seen = new ArrayList<>();
        store.scan(ip("10.0.0.2"), ip("200.0.0.1"), lease -> seen.add(lease.address().toString()));
        assertThat(seen).containsExactly("10.0.0.2", "10.0.0.3", "127.255.255.255", "200.0.0.1");
        seen.clear();
        store.scan(ip("200.0.0.1"), ip("10.0.0.1"), lease -> seen.add(lease.address().toString()));
        assertThat(seen).isEmpty();
    }

    @Test
    void refusesOffersAndDuplicateAddressesAtCallTime() {
        Lease offer = Lease.builder(ip("10.0.0.5")).state(BindingState.OFFERED).client(client(1)).build();
        assertThatThrownBy(() -> store.commit(List.of(offer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OFFERED");
        assertThatThrownBy(() -> store.commit(List.of(Lease.free(ip("10.0.0.5")), active("10.0.0.5", client(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.5 twice");
        assertThat(store.size()).isZero();
    }

    @Test
    void commitAfterCloseFailsNamingTheFile() {
        store.close();
        CompletableFuture<Void> late = store.commit(List.of(Lease.free(ip("10.0.0.5")))).toCompletableFuture();
        assertThatThrownBy(late::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LeaseStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("closed");
    }

    @Test
    void closeCommitsEverythingAlreadyQueued() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            pending.add(store.commit(List.of(Lease.free(ip("10.0.1." + i)))).toCompletableFuture());
        }
        store.close();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        reopen();
        assertThat(store.size()).isEqualTo(200);
    }

    @Test
    void concurrentCallersShareCommits() throws Exception {
        int writers = 32;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        commit(Lease.free(ip("10." + writer + "." + (i / 250) + "." + (1 + i % 250))));
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        CommitCounters counters = store.counters();
        assertThat(counters.batches()).isEqualTo(writers * perWriter);
        assertThat(counters.leases()).isEqualTo(writers * perWriter);
        assertThat(counters.groups()).as("grouped commits: %s", counters).isLessThan(counters.batches() / 4);
        assertThat(counters.journalSyncs()).as("one journal sync per group").isEqualTo(counters.groups());
        assertThat(store.size()).isEqualTo(writers * perWriter);
    }

    @Test
    void aBatchQueuedBehindABusyWriterGathersCompanyForTheWindow() throws Exception {
        store.close();
        Duration window = Duration.ofSeconds(2);
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, window, Duration.ofHours(1), 1000, 0);
        // A full group keeps the writer busy (or, not yet taken, leaves no room): the next batch waits behind it.
        List<Lease> full = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            full.add(Lease.free(new Ipv4Address(ip("10.1.0.0").value() + i)));
        }
        CompletableFuture<Void> busy = store.commit(full).toCompletableFuture();
        long queued = System.nanoTime();
        CompletableFuture<Void> behind = store.commit(List.of(Lease.free(ip("10.0.6.1")))).toCompletableFuture();
        TimeUnit.MILLISECONDS.sleep(50);
        CompletableFuture<Void> later = store.commit(List.of(Lease.free(ip("10.0.6.2")))).toCompletableFuture();
        CompletableFuture.allOf(busy, behind, later).get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - queued)).as("the batch behind waited for company")
                .isGreaterThanOrEqualTo(window.minusMillis(100));
        CommitCounters counters = store.counters();
        assertThat(counters.batches()).isEqualTo(3);
        assertThat(counters.groups()).as("the full group, then the two gathered: %s", counters).isEqualTo(2);
    }

    @Test
    void aClientWaitingForEachCommitIsSyncedAtOnceEveryTime() {
        store.close();
        Duration window = Duration.ofSeconds(2);
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, window, Duration.ofHours(1), 1000, 0);
        long started = System.nanoTime();
        // Each commit comes well within a window of the one before, but finds the writer idle: nobody is coming.
        for (int i = 1; i <= 5; i++) {
            commit(Lease.free(ip("10.0.5." + i)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("five commits one after the other")
                .isLessThan(window);
        assertThat(store.counters().groups()).isEqualTo(5);
    }

    @Test
    void maxLeasesPerCommitSplitsLargeQueues() {
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 3);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            pending.add(store.commit(List.of(Lease.free(ip("10.0.2." + i)))).toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        assertThat(store.counters().groups()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aBatchAsLargeAsHalfASlash16PoolIsOneRecordAndSurvivesAReopen() {
        // Core's pool balancing marks half of a pool BACKUP in one batch: 32,768 leases of a /16.
        List<Lease> half = new ArrayList<>();
        for (int i = 0; i < 32_768; i++) {
            half.add(Lease.builder(ip("10.9." + (i / 256) + "." + (i % 256))).state(BindingState.BACKUP).build());
        }
        store.commit(half).toCompletableFuture().join();
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096);
        assertThat(store.size()).isEqualTo(32_768);
        assertThat(store.get(ip("10.9.127.255"))).map(Lease::state).contains(BindingState.BACKUP);
    }

    @Test
    void readsMergePendingLeasesWithTheFile() {
        Lease moved = active("10.0.0.5", client(1));
        commit(moved, active("10.0.0.7", client(1)), Lease.free(ip("10.0.0.9")));
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, Duration.ofHours(1), 1000);
        Lease movedOn = active("10.0.0.5", client(2));
        Lease added = Lease.free(ip("10.0.0.6"));
        commit(movedOn, added);
        assertThat(store.findByClient(client(1))).extracting(Lease::address).containsExactly(ip("10.0.0.7"));
        assertThat(store.findByClient(client(2))).containsExactly(movedOn);
        List<Lease> scanned = new ArrayList<>();
        store.scan(ip("10.0.0.1"), ip("10.0.0.255"), scanned::add);
        assertThat(scanned).extracting(Lease::address)
                .containsExactly(ip("10.0.0.5"), ip("10.0.0.6"), ip("10.0.0.7"), ip("10.0.0.9"));
        assertThat(scanned.get(0)).isEqualTo(movedOn);
        assertThat(store.size()).isEqualTo(4);
        assertThat(store.counters().checkpoints()).as("still pending").isZero();
    }

    @Test
    void closeCheckpointsEverythingAndDiscardsTheJournal() throws Exception {
        for (int i = 1; i <= 20; i++) {
            commit(Lease.free(ip("10.0.3." + i)));
        }
        store.close();
        assertThat(store.counters().checkpoints()).isPositive();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> journal = files.filter(path -> path.getFileName().toString().startsWith("leases.db.journal."))
                    .toList();
            assertThat(journal).hasSize(1);
            assertThat(Files.size(journal.get(0))).as("records covered by both files are gone").isZero();
        }
        reopen();
        assertThat(store.openReport().replayedRecords()).isZero();
        assertThat(store.size()).isEqualTo(20);
    }

    @Test
    void tooManyPendingLeasesHoldCommitsUntilACheckpoint() {
        store.close();
        store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, Duration.ofHours(1), 10);
        for (int i = 1; i <= 100; i++) {
            commit(Lease.free(ip("10.0.4." + i)));
        }
        assertThat(store.counters().checkpoints()).as("the writer asked for checkpoints").isGreaterThanOrEqualTo(9);
        assertThat(store.size()).isEqualTo(100);
    }

    @Test
    void defaultPathIsUnderKarafDataElseRelative() {
        assertThat(MapDbLeaseStore.storePath("", "/opt/karaf/data"))
                .isEqualTo(Path.of("/opt/karaf/data/tandem/leases.db"));
        assertThat(MapDbLeaseStore.storePath(null, null)).isEqualTo(Path.of("data/tandem/leases.db"));
        assertThat(MapDbLeaseStore.storePath(" /srv/leases.db ", "/opt/karaf/data"))
                .isEqualTo(Path.of("/srv/leases.db"));
    }

    @Test
    void everyVolumeKindStoresAndReopens() {
        for (VolumeKind volume : VolumeKind.values()) {
            Path volumeFile = dir.resolve(volume + ".db");
            try (MapDbLeaseStore other = new MapDbLeaseStore(volumeFile, volume, 4096)) {
                other.commit(List.of(active("10.0.0.5", client(1)))).toCompletableFuture().join();
            }
            try (MapDbLeaseStore other = new MapDbLeaseStore(volumeFile, volume, 4096)) {
                assertThat(other.findByClient(client(1))).hasSize(1);
            }
        }
    }

    /** Commits made while a burst is open: held until it closes, then one group, written where the store is idle. */
    @Nested
    class Bursts {

        private static final String WRITER = "tandem-lease-store-writer";

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
            reopen();
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
            // The checkpoint makes room before it is counted: the writer may complete the commit in between.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.counters().checkpoints() == 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertThat(store.counters().checkpoints()).as("the checkpoint that made room").isPositive();
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
}

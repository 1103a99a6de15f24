package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.PolicyStatus;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal serves its made-up clients through the whole request path, the installed policy choosing, and leaves
 * nothing behind: not in the real store, not on disk, not in the policy's counts.
 */
class RehearsalTest {

    private static final EngineSettings SETTINGS = new EngineSettings(Duration.ofSeconds(30), Duration.ofSeconds(600),
            2);

    private static final int CLIENTS = 300;

    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();
    private final TestPolicy affinity = new TestPolicy();
    private final AllocationPolicy counting = TestPolicy.answering("counting", request -> {
        asked.incrementAndGet();
        return affinity.propose(request);
    });
    private final InstalledPolicies installed = InstalledPolicies.of(counting);
    private MapDbLeaseStore real;
    private Lease kept;

    @BeforeEach
    void open() {
        real = new MapDbLeaseStore(dir.resolve("leases.db"), VolumeKind.MMAP, 4096);
        kept = Lease.builder(Ipv4Address.parse("10.0.0.5")).end(Instant.now().plusSeconds(60)).build();
        real.commit(List.of(kept)).toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void everyClientIsAnsweredAsExpectedThePolicyChoosingAndNothingIsLeftBehind() throws Exception {
        Rehearsal.Result done = new Rehearsal(real, installed.activeAlone(), SETTINGS).run(CLIENTS);

        // Each client: DISCOVER and REQUEST as a new client, again as a returning one, a renewal and a RELEASE.
        assertThat(done.messages()).isEqualTo(CLIENTS * 6);
        // Every client is answered, also a DISCOVER that lost the race for its proposed address on every attempt.
        assertThat(done.dropped()).isEmpty();
        assertThat(done.expectedReplies()).isEqualTo(done.messages());
        assertThat(done.firstUnexpected()).isEmpty();
        // Every new client asks the policy (again when a client beside it was offered the same address first).
        assertThat(asked.get()).isBetween(CLIENTS, CLIENTS * 4 / 3);
        assertThat(real.size()).isEqualTo(1);
        assertThat(real.get(kept.address())).contains(kept);
        assertThat(dir.resolve("leases.db.scratch")).doesNotExist();
        assertThat(installed.statuses()).filteredOn(status -> status.name().equals("counting"))
                .extracting(PolicyStatus::served).containsExactly(0L);
    }

    @Test
    void aRehearsalInterruptedStopsAndDeletesItsScratchStore() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread rehearsing = new Thread(() -> {
            try {
                new Rehearsal(real, installed.activeAlone(), SETTINGS).run(1_000_000);
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        }, "test-rehearsal");
        rehearsing.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (asked.get() < 100 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(Files.exists(dir.resolve("leases.db.scratch"))).isTrue();

        rehearsing.interrupt();

        assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(dir.resolve("leases.db.scratch")).doesNotExist();
        assertThat(real.size()).isEqualTo(1);
    }
}

package io.tandem.bench.store;

import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.CommitCounters;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable lease commits per second: every benchmark thread commits a one-lease batch and waits until it is on
 * disk, as a DHCP worker does before its ACK. Run with {@code -t 1}, {@code -t 8}, {@code -t 64}. At the end of
 * each iteration it prints the group commits behind those leases, which shows how well they were grouped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class LeaseCommitBenchmark {

    /** Where the store files go; keep it on the disk under test. */
    @Param("/work/tmp/lease-bench")
    public String directory;

    @Param({"MMAP"})
    public VolumeKind volume;

    private Path dir;
    private MapDbLeaseStore store;
    private final AtomicInteger threads = new AtomicInteger();
    private CommitCounters iterationStart;
    private long iterationStartNanos;

    /** One benchmark thread's own addresses, so threads never write the same lease. */
    @State(Scope.Thread)
    public static class Writer {
        private int base;
        private int next;

        @Setup
        public void pickRange(LeaseCommitBenchmark benchmark) {
            base = Ipv4Address.parse("10.0.0.0").value() + (benchmark.threads.getAndIncrement() << 16);
        }

        Lease nextLease() {
            next = (next + 1) & 0xfff;
            return Lease.free(new Ipv4Address(base + 1 + next));
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createDirectories(Path.of(directory)).resolve("run-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        store = new MapDbLeaseStore(dir.resolve("leases.db"), volume, 4096);
    }

    @Setup(Level.Iteration)
    public void markIteration() {
        iterationStart = store.counters();
        iterationStartNanos = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void reportGrouping() {
        double seconds = (System.nanoTime() - iterationStartNanos) / 1e9;
        CommitCounters now = store.counters();
        long groups = now.groups() - iterationStart.groups();
        long leases = now.leases() - iterationStart.leases();
        long syncs = now.journalSyncs() - iterationStart.journalSyncs();
        long checkpoints = now.checkpoints() - iterationStart.checkpoints();
        // Each group is one journal record and one journal sync; checkpoints write both MapDB files.
        System.out.printf("%n  grouping: groups/s=%.0f leases/s=%.0f leasesPerGroup=%.1f journalSyncs/s=%.0f"
                + " checkpoints=%d%n", groups / seconds, leases / seconds,
                groups == 0 ? 0.0 : (double) leases / groups, syncs / seconds, checkpoints);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public void commitOneLeaseDurably(Writer writer) {
        store.commit(List.of(writer.nextLease())).toCompletableFuture().join();
    }
}

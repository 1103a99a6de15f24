package io.tandem.bench.store;

import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Open time and heap of a store holding many leases: fills the store at the given path once (if absent), then
 * opens it and prints how long opening took and how much heap the open store holds after a full GC.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar io.tandem.bench.store.LargeStoreProbe PATH [LEASES [VOLUME]]}
 */
public final class LargeStoreProbe {

    private LargeStoreProbe() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        VolumeKind volume = args.length > 2 ? VolumeKind.valueOf(args[2]) : VolumeKind.MMAP;
        if (Files.notExists(file)) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            StoreFiller.fill(file, count, volume, Ipv4Address.parse("10.0.0.1"), now, now.plusSeconds(3600));
        }
        long heapBefore = heapAfterGc();
        long start = System.nanoTime();
        MapDbLeaseStore store = new MapDbLeaseStore(file, volume, 4096);
        long openMillis = (System.nanoTime() - start) / 1_000_000;
        long heapHeld = heapAfterGc() - heapBefore;
        System.out.printf("leases=%d volume=%s openMillis=%d replayedRecords=%d heapHeldMiB=%.1f fileMiB=%.1f%n",
                store.size(), volume, openMillis, store.openReport().replayedRecords(), heapHeld / 1048576.0,
                file.toFile().length() / 1048576.0);
        store.close();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

package io.tandem.bench.store;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
            fill(file, count, volume);
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

    private static void fill(Path file, int count, VolumeKind volume) {
        long start = System.nanoTime();
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, volume, 4096)) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            int base = Ipv4Address.parse("10.0.0.0").value();
            List<Lease> batch = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                byte[] mac = {0x52, 0x54, 0, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
                batch.add(Lease.builder(new Ipv4Address(base + i)).state(BindingState.ACTIVE)
                        .client(ClientId.fromHardware(HardwareAddress.of(HardwareAddress.ETHERNET, mac)))
                        .hardware(HardwareAddress.of(HardwareAddress.ETHERNET, mac))
                        .start(now).end(now.plusSeconds(3600)).cltt(now).hostname("host-" + i).build());
                if (batch.size() == 4096 || i == count) {
                    store.commit(batch).toCompletableFuture().join();
                    batch.clear();
                }
            }
        }
        System.out.printf("filled leases=%d fillSeconds=%.1f%n", count, (System.nanoTime() - start) / 1e9);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

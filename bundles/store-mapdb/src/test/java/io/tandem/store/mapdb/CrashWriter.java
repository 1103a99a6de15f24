package io.tandem.store.mapdb;

import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Run in a separate JVM by {@link CrashSafetyTest}: commits leases from several threads until killed, printing
 * {@code ACK <slot> <version> .} once a change is durable. Thread {@code t} owns the slots {@code t mod threads},
 * so each address has one writer and its acknowledged versions are in order.
 *
 * <p>Arguments: store path, volume kind, checkpoint interval in milliseconds, thread count, seed.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        VolumeKind volume = VolumeKind.valueOf(args[1]);
        Duration checkpointInterval = Duration.ofMillis(Long.parseLong(args[2]));
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        MapDbLeaseStore store = new MapDbLeaseStore(file, volume, 4096, checkpointInterval,
                MapDbLeaseStore.DEFAULT_MAX_PENDING_LEASES);
        long[] versions = new long[CrashScenario.ADDRESSES];
        for (int slot = 0; slot < versions.length; slot++) {
            versions[slot] = store.get(CrashScenario.address(slot)).map(CrashScenario::versionOf).orElse(0L);
        }
        out.println("READY");
        for (int t = 0; t < threads; t++) {
            int owner = t;
            SplittableRandom random = new SplittableRandom(seed + t);
            Thread thread = new Thread(() -> write(store, versions, owner, threads, random, out));
            thread.start();
        }
    }

    private static void write(MapDbLeaseStore store, long[] versions, int owner, int threads,
            SplittableRandom random, PrintStream out) {
        int ownedSlots = CrashScenario.ADDRESSES / threads;
        while (true) {
            int batchSize = 1 + random.nextInt(3);
            List<Integer> slots = new ArrayList<>();
            List<Lease> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                int slot = owner + threads * random.nextInt(ownedSlots);
                if (!slots.contains(slot)) {
                    slots.add(slot);
                    Ipv4Address address = CrashScenario.address(slot);
                    batch.add(CrashScenario.lease(address, versions[slot] + 1));
                }
            }
            store.commit(batch).toCompletableFuture().join();
            for (int slot : slots) {
                versions[slot]++;
                out.println("ACK " + slot + " " + versions[slot] + " .");
            }
        }
    }
}

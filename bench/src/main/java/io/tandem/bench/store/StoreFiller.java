package io.tandem.bench.store;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a lease store with ACTIVE leases of distinct clients at consecutive addresses, each with a host name, as a
 * server that has served that many clients holds them.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar io.tandem.bench.store.StoreFiller PATH LEASES FIRST-ADDRESS}:
 * leases that began now and end in a day, for a server started over the file (see {@code bench/e2e/tandem-server.sh},
 * {@code TANDEM_PREFILL}).
 */
public final class StoreFiller {

    private StoreFiller() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Instant now = Instant.now();
        fill(file, Integer.parseInt(args[1]), VolumeKind.MMAP, Ipv4Address.parse(args[2]), now, now.plusSeconds(86_400));
    }

    /** Commits {@code count} leases from {@code first} on, from {@code start} to {@code end}, and prints how long. */
    static void fill(Path file, int count, VolumeKind volume, Ipv4Address first, Instant start, Instant end) {
        long began = System.nanoTime();
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, volume, 4096)) {
            List<Lease> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i + 1;
                byte[] mac = {0x52, 0x54, 0, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
                HardwareAddress hardware = HardwareAddress.of(HardwareAddress.ETHERNET, mac);
                batch.add(Lease.builder(new Ipv4Address(first.value() + i)).state(BindingState.ACTIVE)
                        .client(ClientId.fromHardware(hardware)).hardware(hardware)
                        .start(start).end(end).cltt(start).hostname("host-" + n).build());
                if (batch.size() == 4096 || i == count - 1) {
                    store.commit(batch).toCompletableFuture().join();
                    batch.clear();
                }
            }
        }
        System.out.printf("filled leases=%d fillSeconds=%.1f%n", count, (System.nanoTime() - began) / 1e9);
    }
}

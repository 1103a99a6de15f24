package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of commits, with reopens in between, checked against a plain in-memory model after every
 * step: get, findByClient, scan and size must all agree with it, whether the leases are pending, being
 * checkpointed or in the files.
 */
class StoreModelTest {

    private static final int RUNS = 12;
    private static final int STEPS = 120;
    private static final int ADDRESSES = 48;
    private static final int CLIENTS = 8;
    private static final BindingState[] DURABLE_STATES = {BindingState.FREE, BindingState.ACTIVE,
            BindingState.EXPIRED, BindingState.RELEASED, BindingState.ABANDONED, BindingState.RESET,
            BindingState.BACKUP};
    /** Spans the sign bit of the address, where signed and unsigned order differ. */
    private static final Ipv4Address BASE = Ipv4Address.parse("127.255.255.232");

    @TempDir
    Path dir;

    @Test
    void storeAgreesWithAnInMemoryModel() {
        long seed = Long.getLong("model.seed", System.nanoTime());
        System.out.println("StoreModelTest seed=" + seed + " (rerun with -Dmodel.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            // Odd runs checkpoint all the time, so reads merge pending leases with a file being written.
            Duration interval = run % 2 == 0 ? Duration.ofHours(1) : Duration.ofMillis(1);
            checkRun(dir.resolve("run-" + run + ".db"), interval, random.split(), "seed " + seed + " run " + run);
        }
    }

    private void checkRun(Path file, Duration interval, SplittableRandom random, String context) {
        TreeMap<Ipv4Address, Lease> model = new TreeMap<>();
        MapDbLeaseStore store = open(file, interval);
        try {
            for (int step = 0; step < STEPS; step++) {
                if (random.nextInt(10) == 0) {
                    store.close();
                    store = open(file, interval);
                }
                Map<Ipv4Address, Lease> batch = new LinkedHashMap<>();
                for (int i = 1 + random.nextInt(5); i > 0; i--) {
                    Lease lease = randomLease(random, step);
                    batch.put(lease.address(), lease);
                }
                store.commit(batch.values()).toCompletableFuture().join();
                model.putAll(batch);
                assertAgrees(store, model, random, context + " step " + step);
            }
        } finally {
            store.close();
        }
    }

    private static MapDbLeaseStore open(Path file, Duration interval) {
        return new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096, interval,
                MapDbLeaseStore.DEFAULT_MAX_PENDING_LEASES);
    }

    private static Lease randomLease(SplittableRandom random, int step) {
        Ipv4Address address = new Ipv4Address(BASE.value() + random.nextInt(ADDRESSES));
        BindingState state = DURABLE_STATES[random.nextInt(DURABLE_STATES.length)];
        Lease.Builder lease = Lease.builder(address).state(state).cltt(Instant.ofEpochSecond(step));
        boolean namesClient = state == BindingState.ACTIVE || state != BindingState.ABANDONED && random.nextBoolean();
        if (namesClient) {
            lease.client(client(random.nextInt(CLIENTS))).end(Instant.ofEpochSecond(step + 600));
        }
        return lease.build();
    }

    private static ClientId client(int n) {
        return n % 2 == 0 ? TestLeases.client(n) : TestLeases.hardwareClient(n);
    }

    private static void assertAgrees(MapDbLeaseStore store, TreeMap<Ipv4Address, Lease> model,
            SplittableRandom random, String context) {
        assertThat(store.size()).as(context).isEqualTo(model.size());
        for (int i = 0; i < ADDRESSES; i++) {
            Ipv4Address address = new Ipv4Address(BASE.value() + i);
            assertThat(store.get(address)).as(context).isEqualTo(java.util.Optional.ofNullable(model.get(address)));
        }
        for (int n = 0; n < CLIENTS; n++) {
            ClientId client = client(n);
            assertThat(store.findByClient(client)).as(context + " " + client).containsExactlyElementsOf(
                    model.values().stream().filter(lease -> client.equals(lease.client())).toList());
        }
        Ipv4Address first = new Ipv4Address(BASE.value() + random.nextInt(ADDRESSES));
        Ipv4Address last = new Ipv4Address(BASE.value() + random.nextInt(ADDRESSES));
        List<Lease> scanned = new ArrayList<>();
        store.scan(first, last, scanned::add);
        List<Lease> expected = first.compareTo(last) > 0 ? List.of()
                : List.copyOf(model.subMap(first, true, last, true).values());
        assertThat(scanned).as(context + " scan " + first + "-" + last).containsExactlyElementsOf(expected);
    }
}

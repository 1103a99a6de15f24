package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Power loss inside a checkpoint of a MapDB file: after its marker is durable and before the file is synced, the
 * file on disk is any mix of its old and new 4 KiB pages, at its old or its new length, while the other file is
 * whole and the journal holds every record after the older file's sequence. MapDB writes through
 * {@code path.toFile()}, around a {@link PowerLossFileSystem}, so the images are made from real files copied
 * before and after a checkpoint. Opening an image must restore the file from the other one and replay the journal:
 * every acknowledged lease is there.
 */
class CheckpointPowerLossTest {

    private static final int PAGE = 4096;
    private static final int RANDOM_MIXES = 4;
    private static final int ADDRESSES = 3000;
    private static final Ipv4Address BASE = Ipv4Address.parse("10.50.0.1");

    @TempDir
    Path dir;

    /** The checkpoint files before and after a checkpoint, the journal segments, and the acknowledged leases. */
    private record Checkpoint(byte[] storeBefore, byte[] storeAfter, byte[] mirrorBefore, byte[] mirrorAfter,
            Map<String, byte[]> journal, Map<Ipv4Address, Lease> acknowledged) {
    }

    /** The file whose checkpoint the power loss interrupted. */
    private enum Interrupted { STORE_FILE, MIRROR }

    @ParameterizedTest
    @EnumSource(value = VolumeKind.class, names = {"MMAP", "FILE_CHANNEL"})
    void everyAcknowledgedLeaseSurvivesPowerLossInsideACheckpoint(VolumeKind volume) throws Exception {
        long seed = Long.getLong("powerloss.seed", System.nanoTime());
        System.out.println("CheckpointPowerLossTest " + volume + " seed=" + seed + " (rerun with -Dpowerloss.seed="
                + seed + ")");
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Checkpoint checkpoint = checkpoint(dir.resolve("live"), volume, random);
        assertThat(checkpoint.storeAfter).as("checkpoint changed the store file").isNotEqualTo(checkpoint.storeBefore);
        assertThat(checkpoint.mirrorAfter).as("checkpoint changed the mirror").isNotEqualTo(checkpoint.mirrorBefore);
        int images = 0;
        for (Interrupted interrupted : Interrupted.values()) {
            // Mix 0 leaves every page old, mix 1 every page new, the others a random mix.
            for (int mix = 0; mix < RANDOM_MIXES + 2; mix++) {
                Path image = dir.resolve("image-" + interrupted + "-" + mix);
                writeImage(image, checkpoint, interrupted, mix, random.split());
                checkOpensWhole(image.resolve("leases.db"), volume, checkpoint.acknowledged,
                        "seed " + seed + ", " + volume + ", power lost inside the checkpoint of the " + interrupted
                                + ", page mix " + mix);
                images++;
            }
        }
        System.out.println("CheckpointPowerLossTest " + volume + " seed=" + seed + " crashImages=" + images
                + " millis=" + (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Appends and checkpoints through the store's own classes, copying both files before and after the second
     * checkpoint, and the journal once more records were appended while it ran.
     */
    private static Checkpoint checkpoint(Path directory, VolumeKind volume, SplittableRandom random)
            throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve("leases.db");
        Path mirror = CheckpointFiles.mirrorOf(file);
        Map<Ipv4Address, Lease> acknowledged = new TreeMap<>();
        CheckpointFiles files = CheckpointFiles.open(file, volume);
        LeaseJournal journal = LeaseJournal.open(file, 0, 0, record -> {
        });
        try {
            long first = append(journal, acknowledged, random, 30, 50);
            files.checkpoint(List.copyOf(acknowledged.values()), first);
            journal.discardThrough(first);
            Map<Ipv4Address, Lease> pending = new TreeMap<>();
            long second = append(journal, pending, random, 20, 20);
            acknowledged.putAll(pending);
            byte[] storeBefore = Files.readAllBytes(file);
            byte[] mirrorBefore = Files.readAllBytes(mirror);
            files.checkpoint(List.copyOf(pending.values()), second);
            byte[] storeAfter = Files.readAllBytes(file);
            byte[] mirrorAfter = Files.readAllBytes(mirror);
            append(journal, acknowledged, random, 5, 20);
            Map<String, byte[]> segments = new TreeMap<>();
            for (JournalSegment segment : JournalSegment.list(file)) {
                segments.put(segment.path().getFileName().toString(), Files.readAllBytes(segment.path()));
            }
            return new Checkpoint(storeBefore, storeAfter, mirrorBefore, mirrorAfter, segments, acknowledged);
        } finally {
            journal.close();
            files.close();
        }
    }

    /** Appends {@code groups} records of {@code size} random leases; returns the last record's sequence. */
    private static long append(LeaseJournal journal, Map<Ipv4Address, Lease> acknowledged, SplittableRandom random,
            int groups, int size) {
        long sequence = 0;
        for (int group = 0; group < groups; group++) {
            Map<Ipv4Address, Lease> leases = new TreeMap<>();
            while (leases.size() < size) {
                Ipv4Address address = new Ipv4Address(BASE.value() + random.nextInt(ADDRESSES));
                leases.put(address, CrashScenario.lease(address, random.nextInt(1 << 30)));
            }
            sequence = journal.append(List.copyOf(leases.values()));
            acknowledged.putAll(leases);
        }
        return sequence;
    }

    private static void writeImage(Path image, Checkpoint checkpoint, Interrupted interrupted, int mix,
            SplittableRandom random) throws Exception {
        Files.createDirectories(image);
        Path file = image.resolve("leases.db");
        Path mirror = CheckpointFiles.mirrorOf(file);
        if (interrupted == Interrupted.STORE_FILE) {
            Files.write(file, mixPages(checkpoint.storeBefore, checkpoint.storeAfter, mix, random));
            Files.write(mirror, checkpoint.mirrorBefore);
            Files.createFile(image.resolve("leases.db.checkpointing"));
        } else {
            // The mirror's marker was synced with the directory: the store file's deleted marker is gone too.
            Files.write(file, checkpoint.storeAfter);
            Files.write(mirror, mixPages(checkpoint.mirrorBefore, checkpoint.mirrorAfter, mix, random));
            Files.createFile(image.resolve("leases.db.mirror.checkpointing"));
        }
        for (var segment : checkpoint.journal.entrySet()) {
            Files.write(image.resolve(segment.getKey()), segment.getValue());
        }
    }

    /** Each page old or new (beyond a version's end: zeros), at the old or the new length. */
    private static byte[] mixPages(byte[] before, byte[] after, int mix, SplittableRandom random) {
        byte[] image = new byte[mix == 0 ? before.length : mix == 1 ? after.length
                : random.nextBoolean() ? before.length : after.length];
        for (int page = 0; page < image.length; page += PAGE) {
            byte[] source = mix == 0 ? before : mix == 1 ? after : random.nextBoolean() ? before : after;
            int length = Math.min(PAGE, Math.min(image.length, source.length) - page);
            if (length > 0) {
                System.arraycopy(source, page, image, page, length);
            }
        }
        return image;
    }

    private static void checkOpensWhole(Path file, VolumeKind volume, Map<Ipv4Address, Lease> acknowledged,
            String context) {
        MapDbLeaseStore store;
        try {
            store = new MapDbLeaseStore(file, volume, 4096, Duration.ofHours(1),
                    MapDbLeaseStore.DEFAULT_MAX_PENDING_LEASES);
        } catch (LeaseStoreException e) {
            throw new AssertionError(context + ": open refused: " + e.getMessage(), e);
        }
        try (store) {
            assertThat(store.openReport().repairedCheckpoint()).as(context).isTrue();
            assertThat(store.size()).as(context).isEqualTo(acknowledged.size());
            Map<ClientId, List<Lease>> byClient = new HashMap<>();
            for (Lease lease : acknowledged.values()) {
                assertThat(store.get(lease.address())).as(context).contains(lease);
                if (lease.client() != null) {
                    byClient.computeIfAbsent(lease.client(), client -> new ArrayList<>()).add(lease);
                }
            }
            byClient.forEach((client, leases) -> assertThat(store.findByClient(client)).as("%s: %s", context, client)
                    .containsExactlyInAnyOrderElementsOf(leases));
        }
    }
}

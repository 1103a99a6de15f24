package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer JVM with SIGKILL at random moments and proves, after each kill, that every change it
 * acknowledged is on disk with exactly the acknowledged content (or a later version), and that the client index
 * agrees with the leases. The store files and journal carry over from kill to kill, so recovery is tested
 * repeatedly. Kills land in journal appends (every kill: the writers never stop appending), inside checkpoints
 * (the test requires some, whose file is then restored from the other) and between them.
 */
class CrashSafetyTest {

    private static final int KILLS = 24;
    private static final int WRITER_THREADS = 8;
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedChangeSurvivesSigkill() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashSafetyTest seed=" + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        Path file = dir.resolve("leases.db");
        String classPath = snapshotClassPath(dir.resolve("classpath"));
        long[] acknowledged = new long[CrashScenario.ADDRESSES];
        long totalAcks = 0;
        int killsInsideCheckpoint = 0;
        int killsWithJournalReplay = 0;
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            long delayMillis = 20 + random.nextInt(300);
            // Both ways of writing the checkpoint files get killed; they share one file format.
            VolumeKind volume = kill % 2 == 0 ? VolumeKind.MMAP : VolumeKind.FILE_CHANNEL;
            // Short intervals put kills inside checkpoints, long ones between them (or before the first).
            long checkpointMillis = 5 + random.nextInt(400);
            totalAcks += runAndKill(file, volume, checkpointMillis, classPath, random.nextLong(), delayMillis,
                    acknowledged);
            if (CheckpointFiles.interruptedCheckpoint(file)
                    || CheckpointFiles.interruptedCheckpoint(CheckpointFiles.mirrorOf(file))) {
                killsInsideCheckpoint++;
            }
            String context = "kill " + kill + " (" + volume + ", checkpoints every " + checkpointMillis
                    + " ms) after " + delayMillis + " ms, seed " + seed;
            if (verify(file, volume, acknowledged, context).replayedRecords() > 0) {
                killsWithJournalReplay++;
            }
            // That close checkpointed everything: the files alone must now hold every acknowledged change.
            assertThat(verify(file, volume, acknowledged, context + ", checkpointed").replayedRecords()).isZero();
        }
        System.out.println("CrashSafetyTest kills=" + KILLS + " killsInsideCheckpoint=" + killsInsideCheckpoint
                + " killsWithJournalReplay=" + killsWithJournalReplay + " acknowledgedChanges=" + totalAcks
                + " seconds=" + (System.nanoTime() - started) / 1_000_000_000);
        assertThat(totalAcks).as("the writers acknowledged changes before being killed").isGreaterThan(KILLS);
        assertThat(killsInsideCheckpoint).as("some kills hit a checkpoint in progress").isPositive();
        assertThat(killsWithJournalReplay).as("some kills left journal records to replay").isPositive();
    }

    /**
     * Copies the jars of the test class path, so that another module's {@code mvn install} rewriting a jar in
     * the local repository cannot break a writer JVM started later.
     */
    private static String snapshotClassPath(Path target) throws IOException {
        Files.createDirectories(target);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(source)) {
                Path copy = target.resolve(entries.size() + "-" + source.getFileName());
                Files.copy(source, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs a writer until {@code delayMillis} after it is ready, kills it, and records its acknowledgements. */
    private static long runAndKill(Path file, VolumeKind volume, long checkpointMillis, String classPath,
            long writerSeed, long delayMillis, long[] acknowledged) throws Exception {
        Path errors = file.resolveSibling("writer-stderr.txt");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, CrashWriter.class.getName(),
                file.toString(), volume.name(), Long.toString(checkpointMillis), Integer.toString(WRITER_THREADS),
                Long.toString(writerSeed))
                .redirectError(errors.toFile())
                .start();
        List<String> lines = new ArrayList<>();
        Object ready = new Object();
        Thread reader = new Thread(() -> readLines(writer, lines, ready));
        reader.start();
        synchronized (ready) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!lines.contains("READY") && writer.isAlive() && System.currentTimeMillis() < deadline) {
                ready.wait(100);
            }
        }
        assertThat(writer.isAlive()).as(() -> "writer started and stays alive; its stderr:\n" + read(errors))
                .isTrue();
        Thread.sleep(delayMillis);
        // The handle sends the same SIGKILL as Process.destroyForcibly() but, unlike it, leaves our end of the
        // pipe open, so acknowledgements already written are still read.
        writer.toHandle().destroyForcibly();
        assertThat(writer.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as("writer was ended by SIGKILL").isEqualTo(SIGKILL_EXIT_STATUS);
        reader.join();
        long acks = 0;
        synchronized (ready) {
            for (String line : lines) {
                String[] words = line.split(" ");
                // A line cut short by the kill lacks its final "." and was never a complete acknowledgement.
                if (words.length == 4 && words[0].equals("ACK") && words[3].equals(".")) {
                    int slot = Integer.parseInt(words[1]);
                    acknowledged[slot] = Math.max(acknowledged[slot], Long.parseLong(words[2]));
                    acks++;
                }
            }
        }
        return acks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void readLines(Process writer, List<String> lines, Object ready) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (ready) {
                    lines.add(line);
                    ready.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reopens the store after a kill and checks it; returns what the open replayed and repaired. */
    private static OpenReport verify(Path file, VolumeKind volume, long[] acknowledged, String context) {
        // Opening after an interrupted checkpoint runs the store's own full check of the repaired file.
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, volume, 4096)) {
            Map<ClientId, Set<Lease>> byClient = new HashMap<>();
            for (int slot = 0; slot < CrashScenario.ADDRESSES; slot++) {
                Lease stored = store.get(CrashScenario.address(slot)).orElse(null);
                if (acknowledged[slot] == 0) {
                    continue;
                }
                assertThat(stored).as("%s: slot %d acknowledged at version %d", context, slot, acknowledged[slot])
                        .isNotNull();
                long version = CrashScenario.versionOf(stored);
                assertThat(version).as("%s: slot %d version", context, slot).isGreaterThanOrEqualTo(acknowledged[slot]);
                assertThat(stored).as("%s: slot %d content", context, slot)
                        .isEqualTo(CrashScenario.lease(stored.address(), version));
            }
            store.scan(CrashScenario.address(0), CrashScenario.address(CrashScenario.ADDRESSES - 1), lease -> {
                if (lease.client() != null) {
                    byClient.computeIfAbsent(lease.client(), c -> new HashSet<>()).add(lease);
                }
            });
            byClient.forEach((client, leases) -> assertThat(store.findByClient(client))
                    .as("%s: index of %s", context, client).containsExactlyInAnyOrderElementsOf(leases));
            return store.openReport();
        }
    }
}

package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss at every step of a journal workload: the journal runs on a {@link PowerLossFileSystem}, and after each
 * recorded operation {@link JournalCrashCheck} opens what a disk could hold had the power failed then (data and
 * directory entries since their last sync kept or not, sectors old, new or torn, unwritten blocks zeroed or stale;
 * see {@link CrashChoices}). Every image must open, and replay every acknowledged record with exactly its leases.
 * Unlike {@link CrashSafetyTest}, which kills the process and so keeps the page cache, this loses what was not
 * synced.
 */
class JournalPowerLossTest {

    private static final int APPENDS = 1000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesPowerLoss() throws Exception {
        checkPowerLossAtEveryStep("leases.db", APPENDS, storeFile -> {
        });
    }

    /**
     * Opening a store where there is none creates its directory and files, then the journal: the directory must
     * survive with the records in it. MapDB writes the store file around the recording, so images hold it empty;
     * only the journal is opened.
     */
    @Test
    void aJournalInANewStoreDirectorySurvivesPowerLoss() throws Exception {
        checkPowerLossAtEveryStep("tandem/leases.db", 12, storeFile -> {
            if (Files.notExists(storeFile)) {
                StoreFile.create(storeFile, VolumeKind.FILE_CHANNEL);
            }
        });
    }

    private void checkPowerLossAtEveryStep(String storeName, int appends, Consumer<Path> beforeTheJournal)
            throws Exception {
        long seed = Long.getLong("powerloss.seed", System.nanoTime());
        System.out.println("JournalPowerLossTest " + storeName + " seed=" + seed + " (rerun with -Dpowerloss.seed="
                + seed + ")");
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        // Small segments, so that appends start new ones and checkpoints delete old ones all the time.
        long segmentBytes = 1024 + random.nextInt(7 * 1024);
        PowerLossFileSystem fileSystem = PowerLossFileSystem.on(dir.resolve("live"));
        Path storeFile = fileSystem.root().resolve(storeName);
        beforeTheJournal.accept(storeFile);
        JournalWorkload workload = new JournalWorkload(fileSystem, storeFile, segmentBytes, random);
        workload.run(appends);
        CrashFailures failures = new CrashFailures();
        workload.problem().ifPresent(problem -> failures.add(problem, "seed " + seed));
        int images = new JournalCrashCheck(fileSystem.history(), workload.timeline(), storeName, beforeTheJournal,
                segmentBytes, seed, dir.resolve("images"), failures).run();
        System.out.println("JournalPowerLossTest " + storeName + " seed=" + seed + " segmentBytes=" + segmentBytes
                + " steps=" + fileSystem.history().size() + " crashImages=" + images + " failures=" + failures.count()
                + " millis=" + (System.nanoTime() - started) / 1_000_000);
        if (!failures.isEmpty()) {
            fail("seed " + seed + " (rerun with -Dpowerloss.seed=" + seed + "): " + failures.report());
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replays a recorded history into a {@link DiskModel} and, after every operation, opens crash images of that moment
 * with {@link LeaseJournal#open}, checking what each replays against the {@link JournalTimeline}, then appends one
 * more record and checks that a second open replays it too: recovery must leave a journal that works.
 */
final class JournalCrashCheck {

    /** Images tried per step; identical ones are checked once. */
    private static final CrashChoices.Kind[] IMAGES = {CrashChoices.Kind.NOTHING_PENDING,
            CrashChoices.Kind.EVERYTHING, CrashChoices.Kind.SOME, CrashChoices.Kind.SOME,
            CrashChoices.Kind.SOME_WITH_STALE_BLOCKS, CrashChoices.Kind.SOME_WITH_STALE_BLOCKS,
            CrashChoices.Kind.SOME_WITH_TORN_SECTORS, CrashChoices.Kind.SOME_WITH_TORN_SECTORS};
    private static final int HISTORY_BEFORE = 12;
    private static final int HISTORY_AFTER = 3;

    private final List<DiskOperation> history;
    private final JournalTimeline timeline;
    private final String storeName;
    private final Consumer<Path> beforeTheJournal;
    private final long segmentBytes;
    private final long seed;
    private final Path scratch;
    private final CrashFailures failures;
    private int imagesChecked;

    /**
     * @param storeName the store file's path relative to the recorded root
     * @param beforeTheJournal what opening the store does before it opens the journal, given the store file
     * @param scratch a directory to write the images to
     */
    JournalCrashCheck(List<DiskOperation> history, JournalTimeline timeline, String storeName,
            Consumer<Path> beforeTheJournal, long segmentBytes, long seed, Path scratch, CrashFailures failures) {
        this.history = history;
        this.timeline = timeline;
        this.storeName = storeName;
        this.beforeTheJournal = beforeTheJournal;
        this.segmentBytes = segmentBytes;
        this.seed = seed;
        this.scratch = scratch;
        this.failures = failures;
    }

    /** Checks the images of every step; returns how many distinct images it opened. */
    int run() throws IOException {
        DiskModel model = new DiskModel();
        for (int step = 0; step <= history.size(); step++) {
            if (step > 0) {
                model.apply(history.get(step - 1));
            }
            checkStep(model, step);
        }
        return imagesChecked;
    }

    private void checkStep(DiskModel model, int step) throws IOException {
        JournalExpectation expected = timeline.at(step);
        List<CrashImage> checked = new ArrayList<>();
        for (int i = 0; i < IMAGES.length; i++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step * 31L + i);
            CrashImage image = model.afterPowerLoss(IMAGES[i] + "#" + i,
                    new CrashChoices(IMAGES[i], random, model.freedBlocks()));
            if (checked.stream().noneMatch(image::sameContentAs)) {
                checked.add(image);
                check(image, step, expected);
            }
        }
    }

    private void check(CrashImage image, int step, JournalExpectation expected) throws IOException {
        Path directory = scratch.resolve("step-" + step + "-" + image.name());
        image.writeTo(directory);
        Path storeFile = PowerLossFileSystem.on(directory).root().resolve(storeName);
        beforeTheJournal.accept(storeFile);
        recover(storeFile, expected).ifPresent(problem -> failures.add(problem,
                "power loss at step " + step + " of " + history.size() + ", seed " + seed + "\nimage "
                        + image.describe() + "\nexpected: " + expected + "\n" + historyAround(step)));
        imagesChecked++;
        deleteRecursively(directory);
    }

    /** Opens, checks the replay, appends and reopens; returns what went wrong, if anything. */
    private Optional<String> recover(Path storeFile, JournalExpectation expected) {
        List<JournalRecord> replayed = new ArrayList<>();
        LeaseJournal journal;
        try {
            journal = LeaseJournal.open(storeFile, expected.checkpointed(), expected.newest(), replayed::add,
                    segmentBytes);
        } catch (LeaseStoreException e) {
            return Optional.of("open refused: " + e.getMessage());
        }
        Optional<String> violation = expected.violationBy(replayed);
        if (violation.isPresent()) {
            journal.close();
            return violation;
        }
        List<Lease> probe = List.of(Lease.free(TestLeases.ip("10.41.0.1")));
        long probeSequence = (replayed.isEmpty() ? expected.checkpointed() : replayed.get(replayed.size() - 1)
                .sequence()) + 1;
        try {
            long appended = journal.append(probe);
            if (appended != probeSequence) {
                return Optional.of("the first append after recovery got sequence " + appended + " where "
                        + probeSequence + " was due");
            }
        } catch (LeaseStoreException e) {
            return Optional.of("the first append after recovery failed: " + e.getMessage());
        } finally {
            journal.close();
        }
        List<JournalRecord> replayedAgain = new ArrayList<>();
        try {
            LeaseJournal.open(storeFile, expected.checkpointed(), expected.newest(), replayedAgain::add,
                    segmentBytes).close();
        } catch (LeaseStoreException e) {
            return Optional.of("reopening after recovery and one append refused: " + e.getMessage());
        }
        List<JournalRecord> due = new ArrayList<>(replayed);
        due.add(new JournalRecord(probeSequence, probe));
        return replayedAgain.equals(due) ? Optional.empty()
                : Optional.of("reopening after recovery and one append replayed records " + sequences(replayedAgain)
                        + " where " + sequences(due) + " were due");
    }

    private static List<Long> sequences(List<JournalRecord> records) {
        return records.stream().map(JournalRecord::sequence).toList();
    }

    private String historyAround(int step) {
        StringBuilder lines = new StringBuilder("history:");
        for (int i = Math.max(0, step - HISTORY_BEFORE); i < Math.min(history.size(), step + HISTORY_AFTER); i++) {
            if (i == step) {
                lines.append("\n  <<< power lost here >>>");
            }
            lines.append("\n  #").append(i).append(' ').append(history.get(i));
        }
        if (step == history.size()) {
            lines.append("\n  <<< power lost here, after the last operation >>>");
        }
        return lines.toString();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

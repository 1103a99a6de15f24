package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a first run from a lost store. A store whose files are all missing (no store file, no mirror, no journal
 * segment) is created only if this installation never created one. Otherwise the data volume may not be mounted,
 * and an empty store would hand out addresses that clients still hold, so opening is refused, as ISC dhcpd refuses
 * to start without its lease file. What was created is recorded by a {@link FirstRunMarker} outside the data
 * volume; without a marker directory (outside Karaf) every missing store is created, as it always was.
 *
 * <p>A marker refuses a missing store also when it names another path: a changed {@code path} usually means a
 * moved store, and a move whose files did not arrive (not copied, new volume not mounted) loses the same leases.
 */
final class FirstRunGuard {

    private static final Logger LOG = LoggerFactory.getLogger(FirstRunGuard.class);

    /** Outside Karaf: no marker, every missing store is created. */
    static final FirstRunGuard NONE = new FirstRunGuard(null);

    /** Null for {@link #NONE}. */
    private final FirstRunMarker marker;

    private FirstRunGuard(FirstRunMarker marker) {
        this.marker = marker;
    }

    /** The guard of a store opened by DS: its marker in Karaf's {@code etc}, or {@link #NONE} outside Karaf. */
    static FirstRunGuard inKarafEtc(String karafEtc) {
        return karafEtc == null || karafEtc.isBlank() ? NONE : new FirstRunGuard(new FirstRunMarker(Path.of(karafEtc)));
    }

    /**
     * Lets the store at {@code store} open, unless its files are all missing and the marker records a store.
     * Touches no file.
     *
     * @throws LeaseStoreException naming the store, the marker, what it records and how to proceed
     */
    Admission admit(Path store) {
        if (marker == null || !missing(store)) {
            return new Admission(store, false);
        }
        Optional<FirstRunMarker.Recorded> recorded;
        try {
            recorded = marker.read();
        } catch (IOException e) {
            throw refusal(store, "exists but cannot be read (" + e + "): the data volume may not be mounted,"
                    + " or the files were deleted");
        }
        if (recorded.isEmpty()) {
            return new Admission(store, true);
        }
        if (recorded.get().names(absolute(store))) {
            throw refusal(store, "records that it was created " + recorded.get().created() + ": the data volume"
                    + " may not be mounted, or the files were deleted. Mount the volume, or restore the files from"
                    + " a backup");
        }
        throw refusal(store, "records the store " + recorded.get().store() + " (created "
                + recorded.get().created() + ") and the configured path has changed since: the store's files may"
                + " not have been moved, or the data volume may not be mounted. Move the files to "
                + absolute(store).getParent() + ", or set path back");
    }

    /** True if none of the store's files is there; one whose presence cannot be told counts as there. */
    private static boolean missing(Path store) {
        Path directory = store.toAbsolutePath().getParent();
        return Files.notExists(store) && Files.notExists(CheckpointFiles.mirrorOf(store))
                && (Files.notExists(directory) || JournalSegment.list(store).isEmpty());
    }

    private LeaseStoreException refusal(Path store, String why) {
        return new LeaseStoreException("lease store " + store + " is missing (no store file, mirror or journal"
                + " segment), yet " + marker.file() + " " + why + ". Refusing to start with an empty store, which"
                + " would hand out addresses clients still hold; if the leases are truly gone, delete "
                + marker.file() + " to start with an empty store");
    }

    private static Path absolute(Path store) {
        return store.toAbsolutePath().normalize();
    }

    /** A store allowed to open; {@link #recordOpened} records it in the marker once it has. */
    final class Admission {

        private final Path store;
        private final boolean firstRun;

        private Admission(Path store, boolean firstRun) {
            this.store = store;
            this.firstRun = firstRun;
        }

        /**
         * Records the opened store in the marker, unless the marker names it already. Call it once the store is
         * open: a new store is then durable. A failure is logged, not thrown: the store is open and serves, only
         * a later loss of its files would go unnoticed.
         */
        void recordOpened() {
            if (marker == null) {
                return;
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            try {
                if (firstRun) {
                    marker.write(absolute(store), now);
                    LOG.info("lease store created file=" + store + " marker=" + marker.file());
                } else if (!marker.read().map(recorded -> recorded.names(absolute(store))).orElse(false)) {
                    // Upgraded from a version without markers, a crash between creating and recording, or a move.
                    marker.write(absolute(store), "before " + now);
                    LOG.info("lease store recorded file=" + store + " marker=" + marker.file());
                }
            } catch (IOException e) {
                LOG.warn("lease store not recorded file=" + store + " marker=" + marker.file() + " error=\"" + e
                        + "\" consequence=\"if the store's files go missing, the next start creates an empty store\"");
            }
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two MapDB checkpoint files of a store: the store file, which readers use, and its mirror. A checkpoint
 * writes the same leases to one file after the other, never to both at once.
 *
 * <p>Why two: without MapDB transactions (which MapDB 3.1 never replays anyway) a process killed inside a
 * checkpoint leaves that file half-written. Before a checkpoint touches a file it creates the file's marker,
 * {@code <file>.checkpointing}, and deletes it once the file is synced; so after a crash at most one file is
 * marked, and opening copies the other, whole one over it. The journal still holds every record after the older
 * file's sequence, so replaying it brings the copy up to date. Any other damage is reported, never repaired.
 */
final class CheckpointFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFiles.class);

    private final Path file;
    private final VolumeKind volume;
    /** Null while the file is being restored after a failed checkpoint; only the checkpointer changes them. */
    private LeaseTables primary;
    private LeaseTables mirror;
    private final boolean repaired;

    private CheckpointFiles(Path file, VolumeKind volume, LeaseTables primary, LeaseTables mirror, boolean repaired) {
        this.file = file;
        this.volume = volume;
        this.primary = primary;
        this.mirror = mirror;
        this.repaired = repaired;
    }

    static Path mirrorOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".mirror");
    }

    /** True if a process died inside a checkpoint of {@code file}: the file may be half-written. */
    static boolean interruptedCheckpoint(Path file) {
        return Files.exists(markerOf(file));
    }

    private static Path markerOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".checkpointing");
    }

    /**
     * Opens the store file and its mirror, creating both if neither exists and repairing the one a crash left
     * half-written. Checks every record of a file that repairs the other, else only both ends of the store file.
     * A repair (or the first copy of a missing mirror) that fails, as it does on a full disk, is left to the
     * checkpointer: the store opens from the whole file, and the journal keeps every lease meanwhile.
     *
     * @throws LeaseStoreException naming the file and what is wrong with it
     */
    static CheckpointFiles open(Path file, VolumeKind volume) {
        Path mirrorFile = mirrorOf(file);
        if (Files.notExists(file)) {
            if (Files.exists(mirrorFile)) {
                throw new LeaseStoreException("lease store " + file + " is missing but its mirror " + mirrorFile
                        + " exists: refusing to start empty; copy the mirror to " + file
                        + " to recover its leases, or remove both to start with none");
            }
            StoreFile.create(file, volume);
        }
        boolean repaired = interruptedCheckpoint(file) || interruptedCheckpoint(mirrorFile);
        if (interruptedCheckpoint(file) && (Files.notExists(mirrorFile) || interruptedCheckpoint(mirrorFile))) {
            throw new LeaseStoreException("lease store " + file + " and its mirror " + mirrorFile
                    + " were both interrupted while checkpointing, or the mirror is missing: neither is known to be"
                    + " whole");
        }
        Path whole = interruptedCheckpoint(file) ? mirrorFile : file;
        Path other = whole.equals(file) ? mirrorFile : file;
        LeaseTables wholeTables = StoreFile.open(whole, volume);
        try {
            Optional<String> damage = repaired ? wholeTables.verify() : wholeTables.spotCheck();
            if (damage.isPresent()) {
                throw new LeaseStoreException("lease store " + whole + " is corrupt: " + damage.get());
            }
            if (Files.notExists(other)) {
                // Only after the checks, so a foreign file is not copied; marked, so a failed copy is made later.
                LOG.info("lease store creating mirror=" + other + " from=" + whole);
                mark(other);
            } else if (interruptedCheckpoint(other)) {
                LOG.warn("lease store restoring file=" + other + " from=" + whole
                        + " reason=\"checkpoint interrupted by a crash\"");
            }
            LeaseTables otherTables = openRestoring(whole, other, volume);
            return whole.equals(file) ? new CheckpointFiles(file, volume, wholeTables, otherTables, repaired)
                    : new CheckpointFiles(file, volume, otherTables, wholeTables, repaired);
        } catch (RuntimeException e) {
            wholeTables.close();
            throw e;
        }
    }

    /** Opens {@code target}, restored from {@code whole} first if marked; null if that restore fails. */
    private static LeaseTables openRestoring(Path whole, Path target, VolumeKind volume) {
        if (interruptedCheckpoint(target)) {
            try {
                restore(whole, target);
            } catch (LeaseStoreException e) {
                LOG.warn("lease store restore deferred file=" + target + " from=" + whole
                        + " reason=\"serving from the whole file, the checkpointer retries\" error=\"" + e.getMessage()
                        + "\"");
                return null;
            }
        }
        return StoreFile.open(target, volume);
    }

    /** Creates {@code tablesFile}'s marker, durably: from now on the file counts as half-written. */
    private static void mark(Path tablesFile) {
        Path marker = markerOf(tablesFile);
        try {
            Files.write(marker, new byte[0]);
            Directories.syncParentOf(marker);
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + tablesFile + " cannot be marked (" + marker + "): " + e,
                    e);
        }
    }

    /** Overwrites the marked {@code target} with {@code source} in place, then unmarks it: it is whole again. */
    private static void restore(Path source, Path target) {
        StoreFile.overwrite(source, target);
        try {
            Files.deleteIfExists(markerOf(target));
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + target + " was restored but its marker "
                    + markerOf(target) + " cannot be deleted: " + e, e);
        }
    }

    private static void restoreLogging(Path source, Path target) {
        LOG.warn("lease store restoring file=" + target + " from=" + source
                + " reason=\"a failed checkpoint, or a restore deferred at open\"");
        restore(source, target);
    }

    /** True while a file awaits the restore a failure in opening it deferred ({@link #restoreInterrupted}). */
    boolean awaitingRestore() {
        return primary == null || mirror == null;
    }

    /** The file readers load at open: the store file, or the mirror while the store file awaits its restore. */
    LeaseTables whole() {
        return primary != null ? primary : mirror;
    }

    /** The journal sequence both files hold (the whole one, while the other awaits its restore): replay after it. */
    long checkpointedSequence() {
        return primary == null || mirror == null ? whole().journalSequence()
                : Math.min(primary.journalSequence(), mirror.journalSequence());
    }

    /** The journal sequence the more recent file holds: the journal must reach at least this far. */
    long newestSequence() {
        return primary == null || mirror == null ? whole().journalSequence()
                : Math.max(primary.journalSequence(), mirror.journalSequence());
    }

    /** True if opening copied one file over the other after a crash. */
    boolean repaired() {
        return repaired;
    }

    /**
     * Writes {@code leases} and {@code sequence} to the store file, then to the mirror, each between creating and
     * deleting its marker. Returns once both are synced. After a failure, {@link #restoreInterrupted} must succeed
     * before the next checkpoint.
     */
    void checkpoint(List<Lease> leases, long sequence) {
        write(primary, file, leases, sequence);
        write(mirror, mirrorOf(file), leases, sequence);
    }

    private static void write(LeaseTables tables, Path tablesFile, List<Lease> leases, long sequence) {
        // The marker must be on disk before any page of the file changes.
        mark(tablesFile);
        try {
            tables.checkpoint(leases, sequence);
            // Not synced: a marker that survives a power loss only costs an unneeded restore at the next open.
            Files.delete(markerOf(tablesFile));
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: how a fault in a memory-mapped file surfaces (a full disk under MMAP, a lost volume).
            throw new LeaseStoreException("lease store " + tablesFile + " checkpoint of " + leases.size()
                    + " leases through sequence " + sequence + " failed: " + e, e);
        }
    }

    /**
     * Restores each file a failed checkpoint left marked (perhaps half-written) from the other, whole one, and
     * reopens it. The restore writes over the marked file in place, so it needs free space only where the whole
     * file is larger; until it succeeds the journal keeps every lease.
     */
    void restoreInterrupted() {
        if (interruptedCheckpoint(file)) {
            closeLogging(primary, file);
            primary = null;
            restoreLogging(mirrorOf(file), file);
            primary = StoreFile.open(file, volume);
        }
        if (interruptedCheckpoint(mirrorOf(file))) {
            closeLogging(mirror, mirrorOf(file));
            mirror = null;
            restoreLogging(file, mirrorOf(file));
            mirror = StoreFile.open(mirrorOf(file), volume);
        }
    }

    /**
     * Closes both files. A failure is logged, not thrown: each file was synced by its last checkpoint, and one
     * that failed mid-checkpoint kept its marker and is restored at the next open.
     */
    void close() {
        closeLogging(primary, file);
        closeLogging(mirror, mirrorOf(file));
    }

    private static void closeLogging(LeaseTables tables, Path tablesFile) {
        if (tables == null) {
            return;
        }
        try {
            tables.close();
        } catch (RuntimeException | InternalError e) {
            LOG.warn("lease store close failed file=" + tablesFile + " error=" + e);
        }
    }
}

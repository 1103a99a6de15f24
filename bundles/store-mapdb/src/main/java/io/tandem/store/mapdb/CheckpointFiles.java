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
    private final LeaseTables primary;
    private final LeaseTables mirror;
    private final boolean repaired;

    private CheckpointFiles(Path file, LeaseTables primary, LeaseTables mirror, boolean repaired) {
        this.file = file;
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
     * half-written. Checks every record of a file that repaired the other, else only both ends of the store file.
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
        if (interruptedCheckpoint(file)) {
            if (Files.notExists(mirrorFile) || interruptedCheckpoint(mirrorFile)) {
                throw new LeaseStoreException("lease store " + file + " and its mirror " + mirrorFile
                        + " were both interrupted while checkpointing, or the mirror is missing: neither is known to be"
                        + " whole");
            }
            restore(mirrorFile, file);
        } else if (interruptedCheckpoint(mirrorFile)) {
            restore(file, mirrorFile);
        }
        LeaseTables primary = StoreFile.open(file, volume);
        try {
            Optional<String> damage = repaired ? primary.verify() : primary.spotCheck();
            if (damage.isPresent()) {
                throw new LeaseStoreException("lease store " + file + " is corrupt: " + damage.get());
            }
            if (Files.notExists(mirrorFile)) {
                // Only after the checks, so a foreign file is not copied; nothing wrote to it since it opened.
                LOG.info("lease store creating mirror=" + mirrorFile + " from=" + file);
                StoreFile.copy(file, mirrorFile);
            }
            return new CheckpointFiles(file, primary, StoreFile.open(mirrorFile, volume), repaired);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** Replaces the interrupted {@code target} with {@code source}, then unmarks it: it is whole again. */
    private static void restore(Path source, Path target) {
        LOG.warn("lease store restoring file=" + target + " from=" + source
                + " reason=checkpoint interrupted by a crash");
        StoreFile.copy(source, target);
        try {
            Files.deleteIfExists(markerOf(target));
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + target + " was restored but its marker "
                    + markerOf(target) + " cannot be deleted: " + e, e);
        }
    }

    /** The file readers use. */
    LeaseTables primary() {
        return primary;
    }

    /** The journal sequence both files hold: records after it must be replayed. */
    long checkpointedSequence() {
        return Math.min(primary.journalSequence(), mirror.journalSequence());
    }

    /** The journal sequence the more recent file holds: the journal must reach at least this far. */
    long newestSequence() {
        return Math.max(primary.journalSequence(), mirror.journalSequence());
    }

    /** True if opening copied one file over the other after a crash. */
    boolean repaired() {
        return repaired;
    }

    /**
     * Writes {@code leases} and {@code sequence} to the store file, then to the mirror, each between creating and
     * deleting its marker. Returns once both are synced.
     */
    void checkpoint(List<Lease> leases, long sequence) {
        write(primary, file, leases, sequence);
        write(mirror, mirrorOf(file), leases, sequence);
    }

    private static void write(LeaseTables tables, Path tablesFile, List<Lease> leases,
            long sequence) {
        Path marker = markerOf(tablesFile);
        try {
            // The marker must be on disk before any page of the file changes.
            Files.write(marker, new byte[0]);
            Directories.syncParentOf(marker);
            tables.checkpoint(leases, sequence);
            // Not synced: a marker that survives a power loss only costs an unneeded restore at the next open.
            Files.delete(marker);
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + tablesFile + " checkpoint of " + leases.size()
                    + " leases through sequence " + sequence + " failed: " + e, e);
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
        try {
            tables.close();
        } catch (RuntimeException e) {
            LOG.warn("lease store close failed file=" + tablesFile + " error=" + e);
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The store file and its mirror, a second MapDB file that receives every group right after the store file.
 *
 * <p>Why: MapDB 3.1 does not replay its write-ahead log, so a process killed while a commit is copying into the
 * store file leaves that file half-updated. Only one of the two files is ever inside a commit, so after a crash
 * at least one is whole: the store file if the mirror was committing (it holds every acknowledged group), else
 * the mirror (the store file's interrupted group was never acknowledged). Opening copies the whole one over the
 * other. Any other damage is reported, never repaired from the mirror.
 */
final class MirroredStore {

    private static final System.Logger LOG = System.getLogger(MirroredStore.class.getName());

    private final LeaseTables primary;
    private final LeaseTables mirror;

    private MirroredStore(LeaseTables primary, LeaseTables mirror) {
        this.primary = primary;
        this.mirror = mirror;
    }

    static Path mirrorOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".mirror");
    }

    /**
     * Opens the store at {@code file} and its mirror, creating both if neither exists and restoring the one a
     * crash may have left half-written.
     *
     * @throws LeaseStoreException naming the file and what is wrong with it
     */
    static MirroredStore open(Path file, VolumeKind volume) {
        Path mirrorFile = mirrorOf(file);
        boolean mirrorUsable = Files.exists(mirrorFile) && !StoreFile.interruptedCommit(mirrorFile);
        if (Files.notExists(file)) {
            if (Files.exists(mirrorFile)) {
                throw new LeaseStoreException("lease store " + file + " is missing but its mirror " + mirrorFile
                        + " exists: refusing to start empty; copy the mirror to " + file
                        + " to recover its leases, or remove both to start with none");
            }
            StoreFile.create(file, volume);
        } else if (StoreFile.interruptedCommit(file)) {
            if (!mirrorUsable) {
                throw new LeaseStoreException("lease store " + file + " and its mirror " + mirrorFile
                        + " were both interrupted while committing: neither is known to be whole");
            }
            LOG.log(System.Logger.Level.WARNING, () -> "lease store restoring file=" + file + " from=" + mirrorFile
                    + " reason=commit interrupted by a crash");
            StoreFile.copy(mirrorFile, file);
        }
        LeaseTables primary = StoreFile.open(file, volume);
        try {
            Optional<String> damage = primary.verify();
            if (damage.isPresent()) {
                throw new LeaseStoreException("lease store " + file + " is corrupt: " + damage.get());
            }
            return new MirroredStore(primary, openMirror(primary, file, mirrorFile, mirrorUsable, volume));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** Opens the mirror, first copying the store file over it unless it holds exactly the same commits. */
    private static LeaseTables openMirror(LeaseTables primary, Path file, Path mirrorFile, boolean usable,
            VolumeKind volume) {
        if (usable) {
            LeaseTables mirror = StoreFile.open(mirrorFile, volume);
            if (mirror.commitSequence() == primary.commitSequence()) {
                return mirror;
            }
            mirror.close();
        }
        LOG.log(System.Logger.Level.INFO, () -> "lease store resyncing mirror=" + mirrorFile + " from=" + file
                + " commitSequence=" + primary.commitSequence());
        // No transaction runs on the store file while it opens, so its bytes are a consistent snapshot.
        StoreFile.copy(file, mirrorFile);
        return StoreFile.open(mirrorFile, volume);
    }

    /** The store file: reads come from here, and a group is acknowledged once committed here. */
    LeaseTables primary() {
        return primary;
    }

    /** The mirror, committed after each group is acknowledged. */
    LeaseTables mirror() {
        return mirror;
    }

    void close() {
        try {
            primary.close();
        } finally {
            mirror.close();
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;

/**
 * One MapDB checkpoint file of a lease store: creating it, opening it with its schema checks, and restoring it
 * from the other one. A new file is written beside its final name and renamed into place, so a crash never leaves
 * a half-written new store under a store's name; a restore writes over a file marked as half-written, in place, so
 * it needs no free space (see {@link CheckpointFiles}). MapDB transactions are off: the journal makes groups
 * durable.
 */
final class StoreFile {

    private StoreFile() {
    }

    /**
     * Opens the existing store at {@code file} and checks its schema.
     *
     * @throws LeaseStoreException naming the file and what is wrong with it
     */
    static LeaseTables open(Path file, VolumeKind volume) {
        try {
            if (Files.size(file) == 0) {
                // Stores are renamed into place complete, so an empty file was not written by a Tandem store.
                throw new LeaseStoreException("lease store " + file + " is an empty file (0 bytes): not a Tandem"
                        + " lease store, or truncated; refusing to start empty over it");
            }
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + file + " cannot be read: " + e, e);
        }
        DB db = make(file, volume);
        try {
            return StoreSchema.check(db, file);
        } catch (DBException | IllegalArgumentException e) {
            db.close();
            throw new LeaseStoreException("lease store " + file + " is corrupt: " + describe(e), e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Writes a new, empty store at {@code file}, which must not exist. */
    static void create(Path file, VolumeKind volume) {
        Path staging = staging(file);
        try {
            Directories.createDurably(file.toAbsolutePath().getParent());
            Files.deleteIfExists(staging);
            DB db = make(staging, volume);
            try {
                StoreSchema.initialize(db);
                db.commit();
            } finally {
                db.close();
            }
            publish(staging, file);
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + file + " cannot be created: " + e, e);
        }
    }

    /**
     * Makes {@code target}, which must not be open and must be marked as half-written (so that a crash during the
     * overwrite is repaired at the next open), a durable copy of {@code source}, writing over it in place: this
     * needs no free space beyond what {@code source} is larger by, so it works on a full disk.
     */
    static void overwrite(Path source, Path target) {
        try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel to = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long size = from.size();
            for (long position = 0; position < size; ) {
                position += from.transferTo(position, size - position, to.position(position));
            }
            to.truncate(size);
            to.force(true);
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + target + " cannot be restored from " + source + ": "
                    + e, e);
        }
    }

    private static Path staging(Path file) {
        return file.resolveSibling(file.getFileName() + ".staging");
    }

    private static void publish(Path staging, Path file) throws IOException {
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.syncParentOf(file);
    }

    private static DB make(Path file, VolumeKind volume) {
        try {
            return volume.configure(DBMaker.fileDB(file.toFile())).make();
        } catch (DBException.FileLocked e) {
            throw new LeaseStoreException("lease store " + file + " is locked: another process has it open", e);
        } catch (DBException e) {
            throw new LeaseStoreException("lease store " + file + " is damaged or not a Tandem lease store: MapDB"
                    + " cannot open it (" + describe(e) + ")", e);
        }
    }

    /** The exception and its causes on one line: MapDB's own messages are often null. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : " caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}

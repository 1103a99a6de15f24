package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock on {@code <store>.lock}, held from before opening repairs anything until the store is closed:
 * a second instance started during a checkpoint would otherwise copy the other file over the one being written.
 * The lock file itself is never deleted (deleting it would let two instances lock two different files).
 */
final class StoreLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);

    private final Path lockFile;
    private final FileChannel channel;

    private StoreLock(Path lockFile, FileChannel channel) {
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /**
     * Takes the lock of the store at {@code storeFile}, creating its directory if needed.
     *
     * @throws LeaseStoreException if another process, or another store in this one, holds it
     */
    static StoreLock acquire(Path storeFile) {
        Path lockFile = storeFile.resolveSibling(storeFile.getFileName() + ".lock");
        FileChannel channel;
        try {
            Directories.createDurably(lockFile.toAbsolutePath().getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw cannotLock(storeFile, lockFile, e);
        }
        String holder;
        try {
            if (channel.tryLock() != null) {
                return new StoreLock(lockFile, channel);
            }
            holder = "another process";
        } catch (OverlappingFileLockException e) {
            holder = "another store in this process";
        } catch (IOException e) {
            closeQuietly(channel);
            throw cannotLock(storeFile, lockFile, e);
        }
        closeQuietly(channel);
        throw new LeaseStoreException("lease store " + storeFile + " is locked: " + holder + " has it open ("
                + lockFile + ")");
    }

    private static LeaseStoreException cannotLock(Path storeFile, Path lockFile, IOException e) {
        return new LeaseStoreException("lease store " + storeFile + " cannot take its lock " + lockFile + ": " + e,
                e);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock attempt already failed; that failure is the one reported
        }
    }

    /** Releases the lock; closing the channel releases it. A failure is logged: the process exit releases it. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("lease store lock release failed file=" + lockFile + " error=" + e);
        }
    }
}

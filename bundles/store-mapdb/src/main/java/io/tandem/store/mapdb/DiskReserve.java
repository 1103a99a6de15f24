package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk space kept for the journal: {@code <store>.reserve}, a file of zeros that is deleted when an append finds
 * the disk full, so the server goes on committing (renewals, say) while the operator makes room, and written again
 * after a checkpoint once the disk has room for it twice over (not sooner: it would take back the room the journal
 * needs, and be given up again at the next append). Its size is {@code io.tandem.store:diskReserveMegabytes}; 0
 * keeps none.
 */
final class DiskReserve {

    private static final Logger LOG = LoggerFactory.getLogger(DiskReserve.class);
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final long bytes;
    /** Whether the lack of room for the reserve was logged since it was last there: once per shortage. */
    private boolean toldShort;

    DiskReserve(Path storeFile, long bytes) {
        this.file = storeFile.resolveSibling(storeFile.getFileName() + ".reserve");
        this.bytes = bytes;
    }

    /** Writes the reserve if it is missing or short and the disk has room for it twice over. */
    void ensure() {
        try {
            if (bytes == 0 || Files.exists(file) && Files.size(file) >= bytes) {
                return;
            }
            long usable = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
            if (usable < 2 * bytes) {
                if (!toldShort) {
                    toldShort = true;
                    LOG.warn("lease store disk reserve not written file=" + file + " bytes=" + bytes + " usableBytes="
                            + usable + " reason=\"it is written once the disk has room for it twice over\"");
                }
                return;
            }
            toldShort = false;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(CHUNK_BYTES);
                for (long position = channel.size(); position < bytes; ) {
                    zeros.clear().limit((int) Math.min(CHUNK_BYTES, bytes - position));
                    position += channel.write(zeros, position);
                }
                channel.force(true);
            }
            Directories.syncParentOf(file);
            LOG.info("lease store disk reserve written file=" + file + " bytes=" + bytes);
        } catch (IOException e) {
            LOG.warn("lease store disk reserve not written file=" + file + " error=" + e);
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a part left behind is written over at the next attempt
            }
        }
    }

    /**
     * Deletes the reserve, if there is one, to give its space to the journal.
     *
     * @return true if space was freed
     */
    boolean release(String reason) {
        try {
            if (bytes == 0 || !Files.deleteIfExists(file)) {
                return false;
            }
            LOG.warn("lease store disk reserve released file=" + file + " bytes=" + bytes + " reason=\"" + reason
                    + "\"");
            return true;
        } catch (IOException e) {
            LOG.error("lease store disk reserve cannot be deleted file=" + file + " error=" + e);
            return false;
        }
    }
}

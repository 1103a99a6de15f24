package io.tandem.store.mapdb;

import org.mapdb.DBMaker;

/**
 * How MapDB reaches the checkpoint files. {@link #MMAP} is the default: checkpoints write many leases at a time,
 * and through a file channel every B-tree node read and write is a system call (bench/README.md).
 */
public enum VolumeKind {
    /** MapDB's default: {@code RandomAccessFile}. */
    RANDOM_ACCESS_FILE,
    /** {@code FileChannel} reads and writes. */
    FILE_CHANNEL,
    /** Memory-mapped file. */
    MMAP;

    DBMaker.Maker configure(DBMaker.Maker maker) {
        return switch (this) {
            case RANDOM_ACCESS_FILE -> maker;
            case FILE_CHANNEL -> maker.fileChannelEnable();
            case MMAP -> maker.fileMmapEnable();
        };
    }
}

package io.tandem.store.mapdb;

import org.mapdb.DBMaker;

/** How MapDB reaches the store file. {@link #FILE_CHANNEL} won the measurements in bench/README-store.md. */
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

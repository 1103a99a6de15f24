package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
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

    /** Copy-on-write file systems, on which a full disk faults a memory-mapped write (SIGBUS) instead of failing it. */
    private static final Set<String> FAULTING_WHEN_FULL = Set.of("btrfs", "zfs");

    /**
     * A warning if this volume kind is a risk on the file system holding {@code file}: MMAP there turns a full disk
     * into a memory fault (the JVM's InternalError, or a crash outside the code paths it guards) rather than an I/O
     * error. Thin-provisioned block devices (LVM thin) do the same but cannot be told from here.
     */
    Optional<String> riskOn(Path file) {
        if (this != MMAP) {
            return Optional.empty();
        }
        try {
            String type = Files.getFileStore(file.toAbsolutePath().getParent()).type();
            return FAULTING_WHEN_FULL.contains(type) ? Optional.of("volume=MMAP on a " + type + " file system: a full"
                    + " disk faults a memory access instead of failing a write; use volume=FILE_CHANNEL there")
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    DBMaker.Maker configure(DBMaker.Maker maker) {
        return switch (this) {
            case RANDOM_ACCESS_FILE -> maker;
            case FILE_CHANNEL -> maker.fileChannelEnable();
            case MMAP -> maker.fileMmapEnable();
        };
    }
}

package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries: a created, renamed or deleted file is on disk only once its directory is. */
final class Directories {

    private Directories() {
    }

    /**
     * Creates {@code directory} and any missing parents, each made durable by syncing the directory it was created
     * in: a file synced into a directory whose own entry was lost would vanish with it.
     */
    static void createDurably(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDurably(parent);
        }
        Files.createDirectory(absolute);
        syncParentOf(absolute);
    }

    /** Syncs the directory holding {@code file}. */
    static void syncParentOf(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}

package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries: a created, renamed or deleted file is on disk only once its directory is. */
final class Directories {

    private Directories() {
    }

    /** Syncs the directory holding {@code file}. */
    static void syncParentOf(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}

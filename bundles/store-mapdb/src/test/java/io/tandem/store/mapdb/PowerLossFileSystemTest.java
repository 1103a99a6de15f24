package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the power-loss file system records, and what the two extreme crash images of its history keep. */
class PowerLossFileSystemTest {

    @TempDir
    Path dir;

    @Test
    void syncsDecideWhatTheExtremeCrashImagesKeep() throws Exception {
        PowerLossFileSystem fileSystem = PowerLossFileSystem.on(dir.resolve("live"));
        Path synced = fileSystem.root().resolve("synced");
        Files.write(synced, filled(1000, 1));
        try (FileChannel channel = FileChannel.open(synced, StandardOpenOption.WRITE)) {
            channel.force(false);
            Directories.syncParentOf(synced);
            channel.write(ByteBuffer.wrap(filled(600, 2)), 1000);
        }
        Files.write(fileSystem.root().resolve("unsynced"), filled(10, 3));

        assertThat(fileSystem.history()).extracting(Object::toString).containsExactly("create synced",
                "write synced at 0, 1000 bytes", "sync synced", "sync directory .", "write synced at 1000, 600 bytes",
                "create unsynced", "write unsynced at 0, 10 bytes");
        DiskModel model = new DiskModel();
        fileSystem.history().forEach(model::apply);
        CrashImage nothingPending = imageOf(model, CrashChoices.Kind.NOTHING_PENDING);
        assertThat(nothingPending.files()).containsOnlyKeys("synced");
        assertThat(nothingPending.files().get("synced")).isEqualTo(filled(1000, 1));
        CrashImage everything = imageOf(model, CrashChoices.Kind.EVERYTHING);
        assertThat(everything.files()).containsOnlyKeys("synced", "unsynced");
        assertThat(everything.files().get("synced")).isEqualTo(Files.readAllBytes(dir.resolve("live/synced")));
        assertThat(everything.files().get("unsynced")).isEqualTo(filled(10, 3));
    }

    private static CrashImage imageOf(DiskModel model, CrashChoices.Kind kind) {
        return model.afterPowerLoss(kind.name(), new CrashChoices(kind, new SplittableRandom(1), model.freedBlocks()));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

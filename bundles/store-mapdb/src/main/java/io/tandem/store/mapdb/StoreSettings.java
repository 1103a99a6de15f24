package io.tandem.store.mapdb;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Validated {@link StoreConfig}: the file, its volume and the group bound the store opens with.
 *
 * @throws IllegalArgumentException naming PID, key and reason, for a value the store cannot open with
 */
record StoreSettings(Path file, VolumeKind volume, int maxLeasesPerCommit) {

    static StoreSettings from(StoreConfig config, String karafData) {
        Path file;
        try {
            file = MapDbLeaseStore.storePath(config.path(), karafData);
        } catch (InvalidPathException e) {
            throw rejected("path", "'" + config.path() + "' is not a path: " + e.getReason());
        }
        VolumeKind volume;
        try {
            volume = config.volume();
        } catch (IllegalArgumentException e) {
            throw rejected("volume", "not one of MMAP, FILE_CHANNEL");
        }
        int maxLeasesPerCommit;
        try {
            maxLeasesPerCommit = config.maxLeasesPerCommit();
        } catch (IllegalArgumentException e) {
            throw rejected("maxLeasesPerCommit", "not a whole number");
        }
        if (maxLeasesPerCommit < 1) {
            throw rejected("maxLeasesPerCommit", maxLeasesPerCommit + " is below 1");
        }
        return new StoreSettings(file, volume, maxLeasesPerCommit);
    }

    private static IllegalArgumentException rejected(String key, String reason) {
        return new IllegalArgumentException(
                "configuration rejected pid=" + MapDbLeaseStore.PID + " key=" + key + " reason=" + reason);
    }
}

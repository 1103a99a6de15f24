package io.tandem.store.mapdb;

import io.tandem.api.ConfigurationProblem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated {@link StoreConfig}: the file, its volume, the group bound, gather window and disk reserve the store
 * opens with.
 *
 * @throws IllegalArgumentException naming PID, key and reason, for a value the store cannot open with
 */
record StoreSettings(Path file, VolumeKind volume, int maxLeasesPerCommit, Duration commitGather,
        long diskReserveMegabytes) {

    /** The longest gather window accepted: beyond it an ACK would wait long enough for clients to notice. */
    static final int MAX_COMMIT_GATHER_MICROS = 100_000;
    static final int MAX_DISK_RESERVE_MEGABYTES = 4096;

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
        if (maxLeasesPerCommit < 1 || maxLeasesPerCommit > MapDbLeaseStore.MAX_LEASES_PER_COMMIT) {
            throw rejected("maxLeasesPerCommit", maxLeasesPerCommit + " is outside 1.."
                    + MapDbLeaseStore.MAX_LEASES_PER_COMMIT);
        }
        int commitGatherMicros;
        try {
            commitGatherMicros = config.commitGatherMicros();
        } catch (IllegalArgumentException e) {
            throw rejected("commitGatherMicros", "not a whole number");
        }
        if (commitGatherMicros < 0 || commitGatherMicros > MAX_COMMIT_GATHER_MICROS) {
            throw rejected("commitGatherMicros", commitGatherMicros + " is outside 0.." + MAX_COMMIT_GATHER_MICROS);
        }
        int diskReserveMegabytes;
        try {
            diskReserveMegabytes = config.diskReserveMegabytes();
        } catch (IllegalArgumentException e) {
            throw rejected("diskReserveMegabytes", "not a whole number");
        }
        if (diskReserveMegabytes < 0 || diskReserveMegabytes > MAX_DISK_RESERVE_MEGABYTES) {
            throw rejected("diskReserveMegabytes", diskReserveMegabytes + " is outside 0.." + MAX_DISK_RESERVE_MEGABYTES);
        }
        return new StoreSettings(file, volume, maxLeasesPerCommit, Duration.of(commitGatherMicros, ChronoUnit.MICROS),
                diskReserveMegabytes);
    }

    /** The settings under their configuration keys, as {@code dhcp:config} shows them. */
    Map<String, String> inEffect() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("path", file.toString());
        settings.put("volume", volume.name());
        settings.put("maxLeasesPerCommit", Integer.toString(maxLeasesPerCommit));
        settings.put("commitGatherMicros", Long.toString(commitGather.toNanos() / 1000));
        settings.put("diskReserveMegabytes", Long.toString(diskReserveMegabytes));
        return settings;
    }

    private static Rejected rejected(String key, String reason) {
        return new Rejected(ConfigurationProblem.rejected(MapDbLeaseStore.PID, null, key, reason));
    }

    /** A value the store cannot open with; the message is the problem's log line. */
    static final class Rejected extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final transient ConfigurationProblem problem;

        Rejected(ConfigurationProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        ConfigurationProblem problem() {
            return problem;
        }
    }
}

package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.model.Lease;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's configuration: a bad value is refused with PID, key and reason, and never stops a running store. */
class StoreConfigurationTest {

    @TempDir
    Path dir;

    /** A configuration as DS hands it over; {@code volume} may be a name that is not a VolumeKind. */
    private static StoreConfig config(String path, int maxLeasesPerCommit, String volume) {
        return config(path, maxLeasesPerCommit, volume, MapDbLeaseStore.DEFAULT_COMMIT_GATHER_MICROS);
    }

    private static StoreConfig config(String path, int maxLeasesPerCommit, String volume, int commitGatherMicros) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public int maxLeasesPerCommit() {
                return maxLeasesPerCommit;
            }

            @Override
            public int commitGatherMicros() {
                return commitGatherMicros;
            }

            @Override
            public int diskReserveMegabytes() {
                return 1;
            }

            @Override
            public VolumeKind volume() {
                return VolumeKind.valueOf(volume);
            }
        };
    }

    @Test
    void bad_values_are_refused_naming_pid_key_and_reason() {
        assertThatThrownBy(() -> StoreSettings.from(config("", 0, "MMAP"), dir.toString()))
                .hasMessage("configuration rejected pid=io.tandem.store key=maxLeasesPerCommit reason=\"0 is outside 1..16384\"");
        assertThatThrownBy(() -> StoreSettings.from(config("", 4096, "MAPP"), dir.toString()))
                .hasMessageContaining("pid=io.tandem.store key=volume reason=");
        assertThatThrownBy(() -> new MapDbLeaseStore(config("", -1, "MMAP")))
                .hasMessageContaining("key=maxLeasesPerCommit");
        assertThatThrownBy(() -> StoreSettings.from(config("", 4096, "MMAP", -1), dir.toString()))
                .hasMessage("configuration rejected pid=io.tandem.store key=commitGatherMicros reason=\"-1 is outside"
                        + " 0..100000\"");
        assertThatThrownBy(() -> StoreSettings.from(config("", 4096, "MMAP", 100_001), dir.toString()))
                .hasMessageContaining("key=commitGatherMicros");
        assertThat(StoreSettings.from(config("", 4096, "MMAP", 0), dir.toString()).commitGather()).isZero();
    }

    @Test
    void a_changed_or_bad_configuration_leaves_the_open_store_serving() {
        Path file = dir.resolve("leases.db");
        try (MapDbLeaseStore store = new MapDbLeaseStore(config(file.toString(), 4096, "MMAP"))) {
            Lease lease = active("10.0.0.5", client(1));
            store.modified(config(file.toString(), 0, "NOPE"));
            assertThat(store.problems()).singleElement().asString().contains("pid=io.tandem.store");
            store.modified(config(dir.resolve("elsewhere.db").toString(), 16, "FILE_CHANNEL"));
            assertThat(store.problems()).isEmpty();
            store.commit(List.of(lease)).toCompletableFuture().join();
            assertThat(store.get(lease.address())).contains(lease);
            assertThat(store.inEffect()).singleElement().satisfies(section -> assertThat(section.settings())
                    .containsEntry("path", file.toString()).containsEntry("maxLeasesPerCommit", "4096")
                    .hasEntrySatisfying("at the next start", next -> assertThat(next).contains("elsewhere.db")));
        }
    }
}

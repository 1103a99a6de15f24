package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * A store written by schema version 1 (resources {@code schema-v1/}, whose README says what it holds) opens with
 * every lease, and its first checkpoint brings both files to the current version without the old client index.
 */
class SchemaUpgradeTest {

    private static final List<String> FILES = List.of("leases.db", "leases.db.mirror",
            "leases.db.journal.00000000000000000003");

    @TempDir
    Path dir;

    @Test
    void aVersionOneStoreServesItsLeasesAndLosesItsClientIndexAtItsFirstCheckpoint() throws IOException {
        Path file = dir.resolve("leases.db");
        for (String name : FILES) {
            try (InputStream in = getClass().getResourceAsStream("/schema-v1/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        assertVersionAndLegacyIndex(file, 1, 36); // one entry per lease naming a client

        Lease renewed;
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            assertWritten(store);
            renewed = store.get(ip("10.1.0.2")).orElseThrow().toBuilder()
                    .end(Instant.parse("2026-11-24T12:00:00Z")).build();
            store.commit(List.of(renewed)).toCompletableFuture().join();
        }

        for (Path written : List.of(file, CheckpointFiles.mirrorOf(file))) {
            assertVersionAndLegacyIndex(written, StoreSchema.CURRENT_VERSION, 0);
        }
        try (MapDbLeaseStore store = new MapDbLeaseStore(file, VolumeKind.FILE_CHANNEL, 4096)) {
            assertThat(store.get(ip("10.1.0.2"))).contains(renewed);
            assertThat(store.findByClient(renewed.client())).containsExactly(renewed);
            assertThat(store.get(ip("10.1.0.10")).orElseThrow().client()).isEqualTo(identified(1));
        }
    }

    /** The leases the README describes, looked up as requests do: by address and by client. */
    private static void assertWritten(MapDbLeaseStore store) {
        for (int n = 1; n <= 40; n++) {
            Lease lease = store.get(ip("10.1.0." + n)).orElseThrow();
            if (n == 1 || n % 10 == 0 && n != 10) {
                assertThat(lease.state()).as("10.1.0.%d", n).isEqualTo(BindingState.FREE);
                continue;
            }
            ClientId client = n == 10 ? identified(1) : n % 2 == 0 ? ClientId.fromHardware(mac(n)) : identified(n);
            assertThat(lease.state()).as("10.1.0.%d", n).isEqualTo(BindingState.ACTIVE);
            assertThat(lease.client()).as("10.1.0.%d", n).isEqualTo(client);
            assertThat(store.findByClient(client)).as("leases of the client at 10.1.0.%d", n).containsExactly(lease);
        }
    }

    private static ClientId identified(int n) {
        return ClientId.fromClientIdentifier(new byte[] {1, 0x52, 0x54, 0, 0, 0, (byte) n});
    }

    private static HardwareAddress mac(int n) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {0x52, 0x54, 0, 0, 0, (byte) n});
    }

    private static void assertVersionAndLegacyIndex(Path file, int version, int indexEntries) {
        try (DB db = DBMaker.fileDB(file.toFile()).readOnly().make()) {
            assertThat(db.atomicInteger(StoreSchema.VERSION_RECORD).open().get()).as("%s version", file)
                    .isEqualTo(version);
            assertThat(db.treeSet(LeaseTables.LEGACY_CLIENT_INDEX, Serializer.BYTE_ARRAY).open())
                    .as("%s client index", file).hasSize(indexEntries);
        }
    }
}

package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view's lookups by client when two clients share a hash (the client index is by hash). */
class LeaseViewTest {

    @TempDir
    Path directory;

    @Test
    void clients_sharing_a_hash_find_only_their_own_leases_as_an_address_passes_between_them() {
        ClientId[] colliding = twoClientsWithOneHash();
        ClientId first = colliding[0];
        ClientId second = colliding[1];
        ClientId other = TestLeases.client(1);
        try (MapDbLeaseStore store = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.FILE_CHANNEL,
                4096)) {
            commit(store, active("192.0.2.10", first), active("192.0.2.11", second));
            assertThat(addresses(store, first)).containsExactly("192.0.2.10");
            assertThat(addresses(store, second)).containsExactly("192.0.2.11");

            // The address passes to the client with the same hash: its one index entry must stay.
            commit(store, active("192.0.2.10", second));
            assertThat(addresses(store, first)).isEmpty();
            assertThat(addresses(store, second)).containsExactly("192.0.2.10", "192.0.2.11");

            commit(store, active("192.0.2.10", other));
            assertThat(addresses(store, second)).containsExactly("192.0.2.11");
            assertThat(addresses(store, other)).containsExactly("192.0.2.10");
        }
    }

    private static void commit(MapDbLeaseStore store, Lease... leases) {
        store.commit(List.of(leases)).toCompletableFuture().join();
    }

    private static List<String> addresses(MapDbLeaseStore store, ClientId client) {
        return store.findByClient(client).stream().map(lease -> lease.address().toString()).toList();
    }

    /** Two client identifiers with the same 32-bit hash, by the birthday bound: found among a few 100,000. */
    private static ClientId[] twoClientsWithOneHash() {
        Map<Integer, ClientId> byHash = new HashMap<>();
        for (int n = 0; ; n++) {
            ClientId client = ClientId.fromClientIdentifier(new byte[] {
                    0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            ClientId earlier = byHash.putIfAbsent(client.hashCode(), client);
            if (earlier != null) {
                return new ClientId[] {earlier, client};
            }
        }
    }
}

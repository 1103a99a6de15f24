package io.tandem.failover.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.PeerUpdate;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.failover.wire.BindingUpdate;
import io.tandem.failover.wire.FailoverDecoder;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound side of binding updates over a real store file: what waits, what is in flight, the window, the
 * store as the durable queue across a "restart", and a lease as a BNDUPD and back.
 */
class UpdateWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final HardwareAddress MAC = HardwareAddress.parseEthernet("02:00:00:00:00:01");

    @TempDir
    Path directory;
    private MapDbLeaseStore store;
    private final AtomicLong xids = new AtomicLong(100);
    private final List<Ipv4Address> unannounced = new ArrayList<>();

    @BeforeEach
    void open() {
        store = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.MMAP, 64);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Lease active(int last, boolean acknowledged) {
        Instant tstp = NOW.plusSeconds(5400);
        return Lease.builder(Ipv4Address.parse("192.0.2." + last)).state(BindingState.ACTIVE)
                .client(ClientId.fromClientIdentifier(HexFormat.of().parseHex("0102000000000" + (last % 10))))
                .hardware(MAC).start(NOW).end(NOW.plusSeconds(3600)).cltt(NOW).tstp(tstp)
                .atsfp(acknowledged ? tstp : Lease.UNSET).tsfp(acknowledged ? tstp : Lease.UNSET)
                .rewind(BindingState.ACTIVE).build();
    }

    private void commit(Lease... leases) throws Exception {
        store.commit(List.of(leases)).toCompletableFuture().get();
    }

    @Test
    void the_store_is_the_queue_a_restart_finds_every_unacknowledged_lease_again() throws Exception {
        commit(active(10, false), active(11, true), active(12, false));
        store.close();
        store = new MapDbLeaseStore(directory.resolve("leases.db"), VolumeKind.MMAP, 64);

        assertThat(UpdateWindow.unacknowledged(store)).containsExactly(Ipv4Address.parse("192.0.2.10"),
                Ipv4Address.parse("192.0.2.12"));
    }

    @Test
    void never_more_outstanding_than_the_peer_allows_and_acknowledgements_make_room() throws Exception {
        List<Lease> leases = new ArrayList<>();
        for (int last = 10; last < 20; last++) {
            leases.add(active(last, false));
        }
        commit(leases.toArray(Lease[]::new));
        UpdateWindow window = new UpdateWindow();
        window.open(4);
        window.enqueue(UpdateWindow.unacknowledged(store));

        List<BindingUpdate> first = window.take(store, address -> false, unannounced::add, xids::incrementAndGet, NOW);
        assertThat(first).hasSize(4);
        assertThat(window.take(store, address -> false, unannounced::add, xids::incrementAndGet, NOW)).isEmpty();
        assertThat(window.acknowledged(first.get(0).header().xid())).hasValueSatisfying(sent -> {
            assertThat(sent.address()).isEqualTo(Ipv4Address.parse("192.0.2.10"));
            assertThat(sent.state()).isEqualTo(BindingState.ACTIVE);
            assertThat(sent.potentialExpiry()).isEqualTo(NOW.plusSeconds(5400));
        });
        assertThat(window.take(store, address -> false, unannounced::add, xids::incrementAndGet, NOW)).hasSize(1);
        assertThat(window.acknowledged(999)).isEmpty();
    }

    @Test
    void a_dropped_link_sends_what_was_in_flight_first_and_skips_what_was_acknowledged_meanwhile()
            throws Exception {
        commit(active(10, false), active(11, false), active(12, false));
        UpdateWindow window = new UpdateWindow();
        window.open(2);
        window.enqueue(UpdateWindow.unacknowledged(store));
        window.take(store, address -> false, unannounced::add, xids::incrementAndGet, NOW);
        window.close();
        commit(active(10, true));

        window.open(10);
        assertThat(window.take(store, address -> false, unannounced::add, xids::incrementAndGet, NOW)).extracting(update -> update.binding().address()
                .orElseThrow().toString()).containsExactly("192.0.2.11", "192.0.2.12");
    }

    /**
     * A lease whose rewind state is not its state (a change made out of touch with the peer) waits until core has
     * recorded that the peer may hear of it: handed over once, then sent as the store shows it.
     */
    @Test
    void a_lease_the_peer_never_heard_of_waits_until_its_announcement_is_recorded() throws Exception {
        Lease grantedAlone = active(10, false).toBuilder().rewind(BindingState.FREE).build();
        commit(grantedAlone, active(11, false));
        UpdateWindow window = new UpdateWindow();
        window.open(10);
        window.enqueue(UpdateWindow.unacknowledged(store));
        Ipv4Address address = grantedAlone.address();

        assertThat(window.take(store, address::equals, unannounced::add, xids::incrementAndGet, NOW))
                .extracting(update -> update.binding().address().orElseThrow().toString()).containsExactly("192.0.2.11");
        assertThat(unannounced).isEmpty();
        assertThat(window.take(store, held -> false, unannounced::add, xids::incrementAndGet, NOW)).isEmpty();
        assertThat(unannounced).containsExactly(address);
        assertThat(window.waiting()).isEqualTo(1);

        commit(grantedAlone.toBuilder().rewind(BindingState.ACTIVE).build());
        assertThat(window.take(store, held -> false, unannounced::add, xids::incrementAndGet, NOW))
                .extracting(update -> update.binding().address().orElseThrow()).containsExactly(address);
        assertThat(unannounced).hasSize(1);
    }

    /**
     * An address the endpoint is still applying a peer's message about (its update, or its acknowledgement of ours)
     * stays waiting, and leaves once released, as the store then shows it.
     */
    @Test
    void an_address_held_back_stays_waiting_and_leaves_once_released() throws Exception {
        Ipv4Address address = Ipv4Address.parse("192.0.2.10");
        commit(active(10, false));
        UpdateWindow window = new UpdateWindow();
        window.open(4);
        window.enqueue(List.of(address));

        assertThat(window.take(store, address::equals, unannounced::add, xids::incrementAndGet, NOW)).isEmpty();
        assertThat(window.waiting()).isEqualTo(1);
        assertThat(window.take(store, held -> false, unannounced::add, xids::incrementAndGet, NOW)).hasSize(1);
    }

    @Test
    void a_lease_travels_as_a_bndupd_and_comes_back_as_the_same_binding() throws Exception {
        Lease lease = active(10, false);
        BindingUpdate message = BindingMessages.update(lease, 7, NOW);

        BindingUpdate decoded = (BindingUpdate) FailoverDecoder.decode(FailoverEncoder.encode(message));
        PeerUpdate received = BindingMessages.peerUpdate(decoded).orElseThrow();

        assertThat(received.address()).isEqualTo(lease.address());
        assertThat(received.state()).isEqualTo(BindingState.ACTIVE);
        assertThat(received.client()).isEqualTo(lease.client());
        assertThat(received.hardware()).isEqualTo(MAC);
        assertThat(received.start()).isEqualTo(lease.start());
        assertThat(received.end()).isEqualTo(lease.end());
        assertThat(received.potentialExpiry()).as("our tstp: the peer's tsfp").isEqualTo(lease.tstp());
        assertThat(received.cltt()).isEqualTo(lease.cltt());
    }
}

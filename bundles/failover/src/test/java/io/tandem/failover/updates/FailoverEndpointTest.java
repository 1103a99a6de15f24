package io.tandem.failover.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.state.StateFile;
import io.tandem.failover.wire.BindingAck;
import io.tandem.failover.wire.BindingUpdate;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.MessageType;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two endpoints of a pair joined by an in-memory link that carries every message through the wire codec, each
 * with a real store file: a fresh pair recovers to NORMAL, a lease changed on one side reaches the other and is
 * acknowledged, changes made while the link is down are sent from the store when it returns, and a restarted
 * endpoint resumes its saved state and sends what the peer never acknowledged.
 */
class FailoverEndpointTest {

    private static final Duration MCLT = PairSettings.MCLT;
    private static final Ipv4Address LEASED = Ipv4Address.parse("192.0.2.100");

    @TempDir
    Path directory;

    /** One server: its store, its endpoint on its own loop, and a stand-in for core applying what the peer sends. */
    private final class Side {
        final FailoverSettings settings;
        final Path home;
        final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        MapDbLeaseStore store;
        StandInCore core;
        FailoverEndpoint endpoint;

        Side(FailoverRole role, String name) throws Exception {
            settings = PairSettings.of(role, Duration.ZERO);
            home = Files.createDirectories(directory.resolve(name));
            start();
        }

        void start() throws Exception {
            store = new MapDbLeaseStore(home.resolve("leases.db"), VolumeKind.MMAP, 64);
            core = new StandInCore(store);
            endpoint = new FailoverEndpoint(settings, new StateFile(home.resolve("failover.state")), store, core, loop,
                    Clock.systemUTC(), new Random(1));
            onLoop(() -> {
                endpoint.start();
                return null;
            });
        }

        /** Drops the endpoint and closes the store, as a stopped server; the state file and the store stay. */
        void stop() throws Exception {
            store.close();
        }

        /** Deletes the store and the state file of a stopped server, as a disk replaced empty would. */
        void wipe() throws Exception {
            try (var files = Files.list(home)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }

        <T> T onLoop(Callable<T> task) throws Exception {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        }

        FailoverState state() {
            return endpoint.view().state();
        }
    }

    private Side primary;
    private Side secondary;
    /** What the secondary sent the primary over the current link. */
    private WireChannel toPrimary;

    @AfterEach
    void close() throws Exception {
        for (Side side : new Side[] {primary, secondary}) {
            if (side != null) {
                side.loop.shutdownNow();
                side.store.close();
            }
        }
    }

    /**
     * Joins the two endpoints: each message is encoded, decoded and handed to the other on its loop. Both sides
     * learn of the link before any message of it reaches them, as the link layer guarantees.
     */
    private void link() throws Exception {
        CompletableFuture<Void> up = CompletableFuture.allOf(
                linkUp(primary, secondary, Optional.empty(), Optional.empty()),
                linkUp(secondary, primary, Optional.of(MCLT), Optional.of(HashBuckets.split(128))));
        up.get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> linkUp(Side from, Side to, Optional<Duration> mclt,
                                           Optional<HashBuckets> buckets) {
        WireChannel channel = new WireChannel(to.loop, () -> to.endpoint);
        if (to == primary) {
            toPrimary = channel;
        }
        return CompletableFuture.runAsync(() -> from.endpoint.linkUp(channel, 10, mclt, buckets), from.loop);
    }

    private void unlink() throws Exception {
        for (Side side : new Side[] {primary, secondary}) {
            side.onLoop(() -> {
                side.endpoint.linkDown("test cut the link");
                return null;
            });
        }
    }

    /** A fresh pair, linked and recovered to NORMAL. */
    private void pairInNormal() throws Exception {
        primary = new Side(FailoverRole.PRIMARY, "primary");
        secondary = new Side(FailoverRole.SECONDARY, "secondary");
        link();
        await("both NORMAL", () -> primary.state() == FailoverState.NORMAL
                && secondary.state() == FailoverState.NORMAL);
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Lease changedHere(int seconds) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return Lease.builder(LEASED).state(BindingState.ACTIVE)
                .client(ClientId.fromHardware(HardwareAddress.parseEthernet("02:00:00:00:00:01")))
                .hardware(HardwareAddress.parseEthernet("02:00:00:00:00:01")).start(now)
                .end(now.plusSeconds(seconds)).cltt(now).tstp(now.plusSeconds(2 * seconds)).build();
    }

    private void commitAndTell(Side side, Lease lease) throws Exception {
        side.store.commit(List.of(lease)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        side.endpoint.bindingsChanged(List.of(lease));
    }

    private boolean acknowledgedOn(Side side) {
        return side.store.get(LEASED).map(lease -> !lease.isUnacknowledged()).orElse(false);
    }

    @Test
    void a_fresh_pair_recovers_to_normal_and_a_change_reaches_the_peer_and_is_acknowledged() throws Exception {
        primary = new Side(FailoverRole.PRIMARY, "primary");
        secondary = new Side(FailoverRole.SECONDARY, "secondary");
        assertThat(primary.state()).isEqualTo(FailoverState.RECOVER);

        link();
        await("both NORMAL", () -> primary.state() == FailoverState.NORMAL
                && secondary.state() == FailoverState.NORMAL);
        assertThat(secondary.endpoint.view().mclt()).as("the secondary learned MCLT from the link").isEqualTo(MCLT);
        await("pools balanced on entering NORMAL", () -> primary.core.balanced > 0);

        Lease lease = changedHere(600);
        commitAndTell(primary, lease);
        await("the secondary to store the binding", () -> secondary.store.get(LEASED).isPresent());
        await("the primary to record the acknowledgement", () -> acknowledgedOn(primary));
        Lease there = secondary.store.get(LEASED).orElseThrow();
        assertThat(there.client()).isEqualTo(lease.client());
        assertThat(there.tsfp()).as("our tstp is the peer's tsfp").isEqualTo(lease.tstp());
    }

    /**
     * A fresh secondary in RECOVER asks for everything once per link: entering RECOVER with the link up asks, and
     * the peer's STATE saying RECOVER would ask again. ISC dhcpd, asked twice, drops the first answer half-way and
     * sends every binding again, logging "xid mismatch" for each acknowledgement of the first round.
     */
    @Test
    void a_recovering_server_asks_its_peer_for_everything_once_per_link() throws Exception {
        pairInNormal();

        long asked = toPrimary.delivered.stream().filter(message -> message.type() == MessageType.UPDREQALL).count();
        assertThat(asked).as("UPDREQALL from the secondary on one link").isEqualTo(1);
    }

    /**
     * A server that stops closes its link without making it an event of the pair: its saved state stays NORMAL, as
     * ISC's does at SIGTERM, so that a restart finding the peer in PARTNER-DOWN recovers (RECOVER) instead of
     * resolving a conflict from COMMUNICATIONS-INTERRUPTED (it once saved COMMUNICATIONS-INTERRUPTED on its way out).
     */
    @Test
    void a_stopping_server_leaves_its_saved_state_as_the_pair_had_it() throws Exception {
        pairInNormal();

        primary.onLoop(() -> {
            primary.endpoint.stopping();
            return null;
        });

        assertThat(primary.state()).isEqualTo(FailoverState.NORMAL);
        assertThat(new StateFile(primary.home.resolve("failover.state")).read()).get()
                .extracting(saved -> saved.state()).isEqualTo(FailoverState.NORMAL);
    }

    /** The mismatch that made an ISC secondary acknowledge ten updates per 2 s is named, with its fix. */
    @Test
    void a_peer_window_under_half_of_ours_is_warned_about() {
        assertThat(FailoverEndpoint.windowAdvice(10, 100)).get().asString()
                .contains("peerMaxUnacked=10", "maxUnackedUpdates=100", "set maxUnackedUpdates = 10");
        assertThat(FailoverEndpoint.windowAdvice(50, 100)).isEmpty();
        assertThat(FailoverEndpoint.windowAdvice(100, 10)).isEmpty();
    }

    /**
     * A change that applying the peer's update causes here (core stores the peer's binding RELEASED, superseded by
     * the client's later binding) reaches the peer after the BNDACK of that update: before it, the peer would find
     * its own update still unacknowledged and take ours for a duel (pair simulation, impatient clients).
     */
    @Test
    void a_change_caused_by_applying_the_peers_update_leaves_after_its_acknowledgement() throws Exception {
        pairInNormal();
        secondary.core.superseding = leases -> secondary.endpoint.bindingsChanged(leases);

        commitAndTell(primary, changedHere(600));
        await("the primary to hear the secondary's change", () -> primary.store.get(LEASED)
                .filter(lease -> lease.state() == BindingState.RELEASED).isPresent());

        List<MessageType> aboutTheLease = toPrimary.delivered.stream()
                .filter(message -> message instanceof BindingAck || message instanceof BindingUpdate)
                .map(FailoverMessage::type).toList();
        assertThat(aboutTheLease).containsExactly(MessageType.BNDACK, MessageType.BNDUPD);
    }

    @Test
    void what_changed_while_the_link_was_down_is_sent_from_the_store_when_it_returns() throws Exception {
        pairInNormal();

        unlink();
        await("communications interrupted", () -> primary.state() == FailoverState.COMMUNICATIONS_INTERRUPTED);
        commitAndTell(primary, changedHere(600));
        Thread.sleep(100);
        assertThat(secondary.store.get(LEASED)).as("nothing crosses a cut link").isEmpty();

        link();
        await("the change to arrive once the link returns", () -> secondary.store.get(LEASED).isPresent());
        await("and be acknowledged", () -> acknowledgedOn(primary));
        assertThat(primary.state()).isEqualTo(FailoverState.NORMAL);
    }

    @Test
    void a_restarted_server_resumes_its_saved_state_and_sends_what_the_peer_never_acknowledged() throws Exception {
        pairInNormal();
        unlink();
        // Committed, then the process dies before telling anyone: only the store knows.
        primary.store.commit(List.of(changedHere(600))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        primary.stop();

        primary.start();
        link();
        await("the restarted primary back in NORMAL", () -> primary.state() == FailoverState.NORMAL);
        await("the unacknowledged change sent from the store", () -> secondary.store.get(LEASED).isPresent());
        await("and acknowledged", () -> acknowledgedOn(primary));
    }

    /**
     * A server that lost its data recovers from its peer (RECOVER, UPDREQALL, RECOVER-WAIT), and the peer leaves
     * PARTNER-DOWN for NORMAL with the link up: changes made afterwards must still flow. (Leaving PARTNER-DOWN puts
     * the updates in flight back in the queue; it once closed the window too, so nothing was sent again until the
     * next link.)
     */
    @Test
    void after_the_peer_recovers_from_lost_data_changes_still_reach_it() throws Exception {
        pairInNormal();
        unlink();
        secondary.stop();
        secondary.wipe();
        secondary.start();
        assertThat(secondary.state()).isEqualTo(FailoverState.RECOVER);

        link();
        await("the primary in PARTNER-DOWN while the secondary recovers",
                () -> primary.state() == FailoverState.PARTNER_DOWN);
        await("both NORMAL after the secondary's RECOVER-WAIT", () -> primary.state() == FailoverState.NORMAL
                && secondary.state() == FailoverState.NORMAL);

        commitAndTell(primary, changedHere(600));
        await("the change to reach the recovered secondary", () -> secondary.store.get(LEASED).isPresent());
        await("and be acknowledged", () -> acknowledgedOn(primary));
    }
}

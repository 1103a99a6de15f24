package io.tandem.failover.updates;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.state.StateFile;
import io.tandem.store.mapdb.MapDbLeaseStore;
import io.tandem.store.mapdb.VolumeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

/**
 * A primary and a secondary endpoint on one {@link ManualLoop}, each with its own store and state file in
 * {@code directory} and a {@link StandInCore}: failover timers of minutes or hours run in order, at once.
 */
final class ManualPair implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    /** One server of the pair. */
    final class Side {
        final FailoverSettings settings;
        final Path home;
        MapDbLeaseStore store;
        StandInCore core;
        FailoverEndpoint endpoint;
        /** What this side sends over the current link; empty while there is none. */
        Optional<WireChannel> sending = Optional.empty();

        Side(FailoverSettings settings, Path home) {
            this.settings = settings;
            this.home = home;
        }

        /** Starts, or restarts after {@link #stop}, from the state file and the store. */
        void start() throws IOException {
            store = new MapDbLeaseStore(home.resolve("leases.db"), VolumeKind.MMAP, 64);
            core = new StandInCore(store);
            endpoint = new FailoverEndpoint(settings, new StateFile(home.resolve("failover.state")), store, core,
                    loop, loop.clock(), new Random(7));
            endpoint.start();
            loop.runReady();
        }

        /** The process stops without a word: nothing it sent is still delivered, its files stay. */
        void stop() {
            sending.ifPresent(WireChannel::close);
            sending = Optional.empty();
            store.close();
            store = null;
        }

        /** This side's link layer finds the link gone (closed, or the peer silent past max-response-delay). */
        void linkLost(String reason) {
            sending.ifPresent(WireChannel::close);
            sending = Optional.empty();
            endpoint.linkDown(reason);
            loop.runReady();
        }

        FailoverState state() {
            return endpoint.view().state();
        }
    }

    final ManualLoop loop = new ManualLoop(START);
    final Side primary;
    final Side secondary;

    ManualPair(Path directory, Duration autoPartnerDown) throws IOException {
        primary = new Side(PairSettings.of(FailoverRole.PRIMARY, autoPartnerDown),
                Files.createDirectories(directory.resolve("primary")));
        secondary = new Side(PairSettings.of(FailoverRole.SECONDARY, autoPartnerDown),
                Files.createDirectories(directory.resolve("secondary")));
        primary.start();
        secondary.start();
    }

    /** The link comes up, both sides learning of it before any message of it arrives, and what follows runs. */
    void link() {
        WireChannel toSecondary = new WireChannel(loop, () -> secondary.endpoint);
        WireChannel toPrimary = new WireChannel(loop, () -> primary.endpoint);
        primary.sending = Optional.of(toSecondary);
        secondary.sending = Optional.of(toPrimary);
        primary.endpoint.linkUp(toSecondary, 10, Optional.empty(), Optional.empty());
        secondary.endpoint.linkUp(toPrimary, 10, Optional.of(PairSettings.MCLT),
                Optional.of(PairSettings.PRIMARY_BUCKETS));
        loop.runReady();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        for (Side side : new Side[] {primary, secondary}) {
            if (side.store != null) {
                side.store.close();
            }
        }
    }
}

package io.tandem.failover.updates;

import io.tandem.api.LeaseStore;
import io.tandem.api.PeerBindings;
import io.tandem.api.PeerUpdate;
import io.tandem.api.PeerUpdateResult;
import io.tandem.api.PoolBalancing;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A stand-in for core in endpoint tests: stores what the peer sends and records acknowledgements and announcements
 * in the store as given, and counts pool balancing runs, answering each with {@link #balancing} without moving anything.
 */
final class StandInCore implements PeerBindings {

    private final LeaseStore store;
    volatile int balanced;
    volatile PoolBalancing balancing = PoolBalancing.NOTHING;

    StandInCore(LeaseStore store) {
        this.store = store;
    }

    /**
     * When set, a peer's binding is stored RELEASED instead, as core stores one its client's later binding here
     * supersedes: a change of ours, marked for the peer and told to {@code superseding} once durable, before the
     * update's result completes (core's order).
     */
    volatile Consumer<List<Lease>> superseding;

    @Override
    public CompletionStage<PeerUpdateResult> apply(PeerUpdate update) {
        Lease stored = Lease.builder(update.address()).state(update.state()).client(update.client())
                .hardware(update.hardware()).start(update.start()).end(update.end()).cltt(update.cltt())
                .tsfp(update.potentialExpiry()).atsfp(update.potentialExpiry()).tstp(update.potentialExpiry())
                .build();
        Consumer<List<Lease>> told = superseding;
        if (told == null) {
            return store.commit(List.of(stored)).thenApply(durable -> PeerUpdateResult.accepted(stored));
        }
        Lease released = stored.toBuilder().state(BindingState.RELEASED).end(update.cltt())
                .tstp(update.cltt().plusSeconds(1)).atsfp(Lease.UNSET).build();
        return store.commit(List.of(released)).thenApply(durable -> {
            told.accept(List.of(released));
            return PeerUpdateResult.accepted(released);
        });
    }

    @Override
    public CompletionStage<Integer> holdTransitional(Instant until) {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public CompletionStage<PoolBalancing> balancePools() {
        balanced++;
        return CompletableFuture.completedFuture(balancing);
    }

    @Override
    public CompletionStage<Optional<Lease>> announcing(Ipv4Address address) {
        Optional<Lease> current = store.get(address);
        if (current.isEmpty() || current.get().rewind() == current.get().state()) {
            return CompletableFuture.completedFuture(current);
        }
        Lease announced = current.get().toBuilder().rewind(current.get().state()).build();
        return store.commit(List.of(announced)).thenApply(durable -> Optional.of(announced));
    }

    @Override
    public CompletionStage<Optional<Lease>> acknowledged(Ipv4Address address, BindingState sentState,
                                                        Instant sentPotentialExpiry) {
        Optional<Lease> current = store.get(address);
        if (current.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Lease acknowledged = current.get().toBuilder().tsfp(sentPotentialExpiry).atsfp(sentPotentialExpiry).build();
        return store.commit(List.of(acknowledged)).thenApply(durable -> Optional.of(acknowledged));
    }
}

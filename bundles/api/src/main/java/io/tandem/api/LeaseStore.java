package io.tandem.api;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Durable storage of leases, indexed by address and by client identity.
 *
 * <p>Guarantees every implementation keeps:
 * <ul>
 *   <li><b>Durable before complete.</b> The stage returned by {@link #commit} completes normally only once every
 *       lease of the batch is on disk and survives a crash of the process or the machine (ARCHITECTURE.md
 *       invariant 3). A DHCPACK is sent only after that.</li>
 *   <li><b>Atomic batches.</b> A batch is written whole or not at all, also across a crash.</li>
 *   <li><b>Consistent indexes.</b> The client index is updated in the same transaction as the leases:
 *       {@link #findByClient} returns exactly the stored leases whose {@link Lease#client()} is that client.</li>
 *   <li><b>Offers are never stored.</b> A batch holding an {@link io.tandem.api.model.BindingState#OFFERED} lease
 *       is refused.</li>
 * </ul>
 * Reads are safe from any thread. They reflect every batch whose commit has completed, and may already reflect a
 * batch whose commit is in progress.
 */
public interface LeaseStore {

    /** The stored lease for {@code address}, if any. */
    Optional<Lease> get(Ipv4Address address);

    /** Every stored lease whose client is {@code client}, in any binding state, in address order. */
    List<Lease> findByClient(ClientId client);

    /** Hands every stored lease from {@code first} to {@code last} inclusive to {@code visitor}, in address order. */
    void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor);

    /** The number of stored leases. */
    long size();

    /**
     * Stores a batch of leases atomically and durably; each replaces the stored lease of its address.
     *
     * <p>Returns at once. The stage completes normally once the whole batch is durable, or exceptionally with a
     * {@link LeaseStoreException} if it could not be written, in which case none of it is stored. It may complete on
     * the store's own writing thread: a dependent that blocks or takes long must be attached with an executor (the
     * stage's {@code ...Async} methods), or it holds up every later commit.
     *
     * @param leases the new state of each address; at most one lease per address
     * @throws IllegalArgumentException if a lease is {@code OFFERED} or two leases name the same address
     */
    CompletionStage<Void> commit(Collection<Lease> leases);

    /**
     * Opens a {@link Burst} on the calling thread: its {@link #commit}s from now until the burst is closed are queued,
     * and closing it makes them durable as one group, on this thread when the store is writing nothing else. A
     * thread that handles many requests in a row (a socket's event loop) then groups what arrived together and
     * spares the store's writing thread a wake-up per group. The stages of those commits complete on the closing
     * thread in that case, with what follows them. The thread must not be interrupted while it closes a burst (an
     * interrupted file write closes the file). A burst opened while one is open on the thread is part of it. The
     * default opens none: commits go on as usual.
     */
    default Burst openBurst() {
        return Burst.NONE;
    }

    /** Whether commits succeed right now; a store that cannot fail (one in memory) is always healthy. */
    default LeaseStoreHealth health() {
        return LeaseStoreHealth.HEALTHY;
    }
}

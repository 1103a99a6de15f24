package io.tandem.api;

/**
 * Chooses which address to offer a new client: Tandem's extension point, implemented by policy bundles.
 *
 * <p><b>What a policy decides.</b> Core asks only when the client has no reservation, no live binding, no offer
 * held for it and no free requested address, and only when load balancing and the one-binding rule of a failover
 * pair let this server answer. The policy then proposes one address among {@link AllocationRequest#allocatable()}
 * (or one of {@link AllocationRequest#clientLeases()} that is allocatable), or {@link Proposal.NoAddress}.
 *
 * <p><b>What core checks.</b> Every proposal: an address that is not allocatable right now (bound, held for another
 * client, reserved, the peer's, outside the pool) is refused, counted and logged, and the client gets the address
 * free the longest instead. A policy that throws or does not answer within the engine's {@code policyDeadlineMillis}
 * is treated alike. A policy bug can cost a client its answer, never a duplicate binding.
 *
 * <p><b>Threading.</b> {@link #propose} is called concurrently from several threads, on a thread of core's own, for
 * different clients; never twice at once for one client. Keep only soft state (caches a restart may lose), do no
 * I/O, and touch neither the store, the network nor the peer.
 *
 * <p><b>Choice and swap.</b> Register the implementation as an OSGi service with a unique {@link #name()}. Core uses
 * the policy the operator chose ({@code dhcp:policy use NAME}), else the one with the highest
 * {@code service.ranking}; it switches between two requests, and a request in flight finishes with the policy it
 * started with.
 */
public interface AllocationPolicy {

    /** A short, unique name for the shell, logs and {@code dhcp:policy use} ({@code "affinity"}). */
    String name();

    /** Proposes an address for {@code request}. Must be fast: core waits for it while the client waits. */
    Proposal propose(AllocationRequest request);
}

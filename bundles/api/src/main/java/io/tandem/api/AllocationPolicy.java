package io.tandem.api;

/**
 * Chooses which address to offer a client. Implementations are stateless or keep only soft state, never touch the
 * store, the network or the peer, and may be swapped at any moment: core uses the highest-ranked registered
 * policy, and a request in flight finishes with the policy it started with.
 */
public interface AllocationPolicy {

    /** A short name for logs and the shell ({@code "affinity"}). */
    String name();

    /**
     * Proposes what to do for {@code request}. Must be fast (no I/O) and must not throw; a proposal that breaks
     * an invariant is refused by core and counted.
     */
    Proposal propose(AllocationRequest request);
}

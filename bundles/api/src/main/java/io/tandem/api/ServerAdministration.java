package io.tandem.api;

import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** What an operator reads and changes through the shell and JMX; provided by core. */
public interface ServerAdministration {

    /** The subnets being served, in address order. */
    List<Subnet> subnets();

    /** Pool usage of every served subnet, in address order. */
    List<PoolUsage> pools();

    /**
     * Gives {@code visitor} every known lease of {@code subnet} in address order: the stored ones and, as
     * {@code OFFERED} leases, the offers held in memory. One at a time, so that listing a subnet of a million leases
     * never holds them all: keep only what you need.
     */
    void forEachLease(Subnet subnet, Consumer<? super Lease> visitor);

    /** The lease of {@code address}, an offer held in memory included. */
    Optional<Lease> lease(Ipv4Address address);

    /**
     * Releases the ACTIVE lease of {@code address} as if its client had sent a DHCPRELEASE. Completes with the
     * released lease once it is durable, or empty when the address had no ACTIVE lease.
     *
     * <p>The client still believes it holds the address. Kept, its identity stays on the lease, so its next renewal
     * binds the address again, as it would after its own DHCPRELEASE. Forgotten ({@code forgetClient}), the lease
     * no longer names it: its next renewal is NAKed and it starts over with a DISCOVER, and is not steered back to
     * this address.
     */
    CompletionStage<Optional<Lease>> release(Ipv4Address address, boolean forgetClient);

    /**
     * Every problem of every Tandem configuration right now: refused values (the last good configuration keeps
     * serving), unknown keys, files that could not be loaded, interfaces that cannot be served yet.
     */
    List<ConfigurationProblem> configurationProblems();

    /** The settings in effect: the server's sockets, the engine, the store, then each served subnet by name. */
    List<SettingsInEffect> settingsInEffect();

    /**
     * Every allocation policy installed, highest ranking first, then core's fallback ({@link PolicyStatus#FALLBACK},
     * active while no installed policy is): exactly one is active.
     */
    List<PolicyStatus> policies();

    /**
     * Makes the policy named {@code name} the one new clients get their addresses from, or, with an empty name, the
     * installed policy with the highest ranking. Written to the engine's configuration, so it holds across
     * restarts; while the chosen policy is not installed, the highest-ranking one serves.
     *
     * @throws IllegalArgumentException if no installed policy is called {@code name}
     * @throws java.io.UncheckedIOException if the configuration could not be written
     */
    void usePolicy(Optional<String> name);

    /** The policy the operator chose by name, installed or not; empty when the highest ranking serves. */
    Optional<String> chosenPolicy();

    /** Whether the lease store can make leases durable right now. */
    LeaseStoreHealth storeHealth();
}

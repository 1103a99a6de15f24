package io.tandem.shell.admin;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The lease questions the shell and JMX ask {@link ServerAdministration}, answered the same way for both. */
public final class LeaseQueries {

    /** How long an operator waits for a release to become durable before being told it is not confirmed. */
    public static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(10);

    private final ServerAdministration admin;
    private final Duration releaseTimeout;

    public LeaseQueries(ServerAdministration admin) {
        this(admin, RELEASE_TIMEOUT);
    }

    LeaseQueries(ServerAdministration admin, Duration releaseTimeout) {
        this.admin = admin;
        this.releaseTimeout = releaseTimeout;
    }

    /** The leases {@code filter} selects, in address order over the served subnets (or the one it names). */
    public List<Lease> matching(LeaseFilter filter) {
        List<Lease> matching = new ArrayList<>();
        forEachMatching(filter, matching::add);
        return matching;
    }

    /** Visits the leases {@code filter} selects as {@link #matching} lists them, holding none of them. */
    public void forEachMatching(LeaseFilter filter, Consumer<Lease> visitor) {
        forEach(filter.subnet().map(List::of).orElseGet(admin::subnets), filter, visitor);
    }

    /** Every lease of hardware address {@code mac} in any served subnet, in address order. */
    public List<Lease> ofHardware(HardwareAddress mac) {
        return matching(new LeaseFilter(Optional.empty(), Optional.empty(), Optional.of(mac), Optional.empty()));
    }

    /** Addresses bound to a client right now (ACTIVE or offered), in address order: what completion proposes. */
    public List<String> boundAddresses() {
        List<String> bound = new ArrayList<>();
        forEach(admin.subnets(), lease -> lease.state().isBound(), lease -> bound.add(lease.address().toString()));
        return bound;
    }

    /** Visits each lease of {@code subnets} that {@code wanted} accepts, in address order. */
    private void forEach(List<Subnet> subnets, Predicate<Lease> wanted, Consumer<Lease> visitor) {
        for (Subnet subnet : subnets) {
            admin.forEachLease(subnet, lease -> {
                if (wanted.test(lease)) {
                    visitor.accept(lease);
                }
            });
        }
    }

    /**
     * Releases the ACTIVE lease of {@code address} and waits until the release is durable.
     *
     * @return the released lease, or empty when {@code address} had no ACTIVE lease
     * @throws IllegalStateException when the release failed or was not confirmed in time ({@link #RELEASE_TIMEOUT})
     */
    public Optional<Lease> release(Ipv4Address address, boolean forgetClient) {
        try {
            return admin.release(address, forgetClient).toCompletableFuture()
                    .get(releaseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("release of " + address + " not confirmed within "
                    + releaseTimeout.toMillis() + " ms; it may still complete");
        } catch (ExecutionException e) {
            throw new IllegalStateException("release of " + address + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while releasing " + address, e);
        }
    }
}

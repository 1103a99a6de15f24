package io.tandem.failover.config;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.failover.state.EndpointState;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated failover configuration (see {@link FailoverConfig} for each key). Equal settings mean an unchanged
 * configuration.
 *
 * @param mclt the primary's MCLT; empty on the secondary, which learns it from CONNECT
 * @param primaryBuckets the primary's hash buckets from {@code split} or {@code hba}; empty on the secondary, which
 *     receives them in CONNECT
 */
public record FailoverSettings(FailoverRole role, String relationshipName, Ipv4Address localAddress, int localPort,
        Ipv4Address peerAddress, int peerPort, Optional<Duration> mclt, Optional<HashBuckets> primaryBuckets,
        int loadBalanceMaxSeconds, Duration maxResponseDelay, int maxUnackedUpdates, Duration autoPartnerDown,
        int maxLeaseMisbalance, int maxLeaseOwnership, Duration minBalance, Duration maxBalance) {

    public FailoverSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(relationshipName, "relationshipName");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(maxResponseDelay, "maxResponseDelay");
        Objects.requireNonNull(autoPartnerDown, "autoPartnerDown");
        Objects.requireNonNull(minBalance, "minBalance");
        Objects.requireNonNull(maxBalance, "maxBalance");
        boolean primary = role == FailoverRole.PRIMARY;
        if (role == FailoverRole.STANDALONE || mclt.isPresent() != primary || primaryBuckets.isPresent() != primary) {
            throw new IllegalArgumentException("MCLT and buckets are the primary's settings, and it needs both");
        }
    }

    /**
     * What core reads for one request: this endpoint's state with the pair's terms. MCLT is the endpoint's (the
     * primary's configured, the secondary's learned); the secondary serves the buckets the primary's HBA leaves it.
     *
     * @param receivedHba the secondary: the HBA of the primary's CONNECT, empty until one arrived (then it serves
     *     no bucket under load balancing); the primary: empty, its own buckets are configured
     */
    public FailoverView view(EndpointState endpoint, Optional<HashBuckets> receivedHba) {
        HashBuckets own;
        if (role == FailoverRole.PRIMARY) {
            if (receivedHba.isPresent()) {
                throw new IllegalArgumentException("the primary sends the HBA, it never receives one");
            }
            own = primaryBuckets.orElseThrow();
        } else {
            own = receivedHba.map(HashBuckets::inverted).orElse(HashBuckets.NONE);
        }
        return new FailoverView(role, endpoint.state(), endpoint.stos(), endpoint.peerState(), endpoint.mclt(), own,
                loadBalanceMaxSeconds, maxLeaseMisbalance, maxLeaseOwnership);
    }
}

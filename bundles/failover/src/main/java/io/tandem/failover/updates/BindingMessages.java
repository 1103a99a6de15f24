package io.tandem.failover.updates;

import io.tandem.api.PeerUpdate;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.failover.wire.Binding;
import io.tandem.failover.wire.BindingStatus;
import io.tandem.failover.wire.BindingUpdate;
import io.tandem.failover.wire.Header;
import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.HardwareAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Tandem's leases as BNDUPD bindings and back, with the fields ISC dhcpd sends (reference §1.6, §3.3): the lease's
 * start as STOS, its end as lease-expiration time, tstp as potential expiration time, CLTT when set, the client
 * identifier when the client sent option 61 and the hardware address when known.
 */
final class BindingMessages {

    private BindingMessages() {
    }

    /** The BNDUPD that tells the peer about {@code lease}. */
    static BindingUpdate update(Lease lease, long xid, Instant now) {
        ClientId client = lease.client();
        Optional<ClientIdentifier> clientIdentifier = client != null
                && client.kind() == ClientId.Kind.CLIENT_IDENTIFIER
                ? Optional.of(ClientIdentifier.fromBytes(client.bytes())) : Optional.empty();
        Binding binding = new Binding(Optional.of(lease.address()),
                Optional.of(new BindingStatus(lease.state().failoverCode())), clientIdentifier,
                Optional.ofNullable(lease.hardware()), Optional.of(seconds(lease.end())),
                Optional.of(seconds(lease.tstp())), Optional.of(lease.cltt()).filter(Lease.UNSET::isBefore)
                        .map(BindingMessages::seconds),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new BindingUpdate(new Header(seconds(now), xid), binding, Optional.of(seconds(lease.start())));
    }

    /**
     * The binding a peer's BNDUPD carries, as core applies it; empty when it lacks an address or a known binding
     * status (the peer is then told reason 3, missing binding information).
     */
    static Optional<PeerUpdate> peerUpdate(BindingUpdate message) {
        Binding binding = message.binding();
        if (binding.address().isEmpty() || binding.status().filter(BindingStatus::isKnown).isEmpty()) {
            return Optional.empty();
        }
        HardwareAddress hardware = binding.hardwareAddress().orElse(null);
        ClientId client = binding.clientIdentifier().map(id -> ClientId.fromClientIdentifier(id.toBytes()))
                .orElse(hardware == null ? null : ClientId.fromHardware(hardware));
        return Optional.of(new PeerUpdate(binding.address().get(),
                BindingState.ofFailoverCode(binding.status().get().code()), client, hardware,
                message.startTimeOfState().orElse(Lease.UNSET), binding.leaseExpirationTime().orElse(Lease.UNSET),
                binding.potentialExpirationTime().orElse(Lease.UNSET),
                binding.clientLastTransactionTime().orElse(Lease.UNSET)));
    }

    /** The wire carries whole seconds. */
    private static Instant seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }
}

package io.tandem.failover.wire;

import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The binding options BNDUPD and BNDACK share (reference §1.5, §1.6). ISC sends one binding per BNDUPD, and in a
 * BNDACK only the address.
 *
 * @param address                   assigned-IP-address (2), the lease the update is about
 * @param status                    binding-status (3)
 * @param clientIdentifier          client-identifier (4): the DHCP option 61 value, type byte included
 * @param hardwareAddress           client-hardware-address (5): hardware type and chaddr
 * @param leaseExpirationTime       lease-expiration-time (13): the lease's {@code ends}; ISC sends the epoch for
 *                                  a lease never used
 * @param potentialExpirationTime   potential-expiration-time (18): the sender's tstp, what the receiver stores as
 *                                  tsfp
 * @param clientLastTransactionTime client-last-transaction-time (6); ISC sends it only when non-zero and uses a
 *                                  received one only to settle dueling updates
 * @param ipFlags                   IP-flags (12); ISC sends it only when non-zero
 * @param ddns                      DDNS (9), never sent by ISC
 * @param clientRequestOptions      client-request-options (8), never sent by ISC
 * @param clientReplyOptions        client-reply-options (7), never sent by ISC
 */
public record Binding(Optional<Ipv4Address> address, Optional<BindingStatus> status,
        Optional<ClientIdentifier> clientIdentifier, Optional<HardwareAddress> hardwareAddress,
        Optional<Instant> leaseExpirationTime, Optional<Instant> potentialExpirationTime,
        Optional<Instant> clientLastTransactionTime, Optional<IpFlags> ipFlags, Optional<DdnsInfo> ddns,
        Optional<DhcpOptionBytes> clientRequestOptions, Optional<DhcpOptionBytes> clientReplyOptions) {

    public Binding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(clientIdentifier, "client identifier");
        Objects.requireNonNull(hardwareAddress, "hardware address");
        WireValues.requireIfPresent(leaseExpirationTime, "lease expiration time", WireValues::requireTime);
        WireValues.requireIfPresent(potentialExpirationTime, "potential expiration time", WireValues::requireTime);
        WireValues.requireIfPresent(clientLastTransactionTime, "client last transaction time",
                WireValues::requireTime);
        Objects.requireNonNull(ipFlags, "IP flags");
        Objects.requireNonNull(ddns, "DDNS");
        Objects.requireNonNull(clientRequestOptions, "client request options");
        Objects.requireNonNull(clientReplyOptions, "client reply options");
    }

    /** A binding naming only its address: what ISC puts in every BNDACK. */
    public static Binding ofAddress(Ipv4Address address) {
        return new Binding(Optional.of(address), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}

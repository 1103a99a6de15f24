package io.tandem.core;

import io.tandem.api.FailoverView;
import io.tandem.api.ReceivingLink;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.OptionCode;
import java.time.Instant;
import java.util.Optional;

/**
 * One request being handled: the message, where it came in, who sent it, the subnet it was placed in and the
 * failover pair as it was when the request arrived.
 */
record Exchange(DhcpMessage request, ReceivingLink link, ClientId client, ServedSubnet served, FailoverView failover) {

    HardwareAddress hardware() {
        return request.chaddr();
    }

    /** True if option 54 names this server, as seen on the receiving link. */
    boolean isForUs() {
        return isForUs(request, link);
    }

    /** True unless {@code request} names a server identifier other than {@code link}'s address. */
    static boolean isForUs(DhcpMessage request, ReceivingLink link) {
        return request.serverIdentifier().map(link.address()::equals).orElse(true);
    }

    /** The binding this request would create at {@code address} for {@code lead}'s time. */
    Binding binding(Ipv4Address address, LeadTime lead) {
        // What a lease cannot keep is left off it rather than refusing the client.
        String hostname = request.hostName()
                .filter(name -> !name.isEmpty() && name.length() <= Lease.MAX_HOSTNAME_LENGTH).orElse(null);
        byte[] relay = request.options().get(OptionCode.RELAY_AGENT_INFORMATION)
                .filter(raw -> raw.length > 0 && raw.length <= Lease.MAX_RELAY_AGENT_INFO_LENGTH).orElse(null);
        return new Binding(address, client, hardware(), lead, hostname, relay);
    }

    /** The lease time the client wants: what it asked for (option 51) within the subnet's limits. */
    long desiredSeconds() {
        return served.settings().leaseTimes().grant(request.leaseTime().orElse(-1));
    }

    /** The lease time to grant at an address whose stored lease is {@code stored} (null if none), by the MCLT rule. */
    LeadTime leadTime(Lease stored, Instant now) {
        return LeadTime.of(desiredSeconds(), stored, failover, now);
    }

    Optional<Ipv4Address> requestedAddress() {
        return request.requestedIpAddress();
    }
}

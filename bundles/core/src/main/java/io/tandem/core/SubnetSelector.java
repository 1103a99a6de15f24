package io.tandem.core;

import io.tandem.api.ReceivingLink;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.RelayAgentInformation;
import java.util.Optional;

/**
 * Places a request in a subnet by the first address that applies: the relay's link selection (option 82
 * sub-option 5, RFC 3527), the subnet selection option (118, RFC 3011), the relay's giaddr, the client's own
 * ciaddr when it talks to us directly (a renewing client may reach us on another interface than its relay's), and
 * finally this server's address on the receiving interface.
 */
final class SubnetSelector {

    private SubnetSelector() {
    }

    static Ipv4Address selectingAddress(DhcpMessage request, ReceivingLink link) {
        Optional<Ipv4Address> linkSelection = request.relayAgentInformation()
                .flatMap(RelayAgentInformation::linkSelection);
        if (linkSelection.isPresent()) {
            return linkSelection.get();
        }
        Optional<Ipv4Address> subnetSelection = request.subnetSelection();
        if (subnetSelection.isPresent()) {
            return subnetSelection.get();
        }
        if (!request.giaddr().isAny()) {
            return request.giaddr();
        }
        if (!request.ciaddr().isAny()) {
            return request.ciaddr();
        }
        return link.address();
    }

    static Optional<ServedSubnet> select(SubnetCatalog catalog, DhcpMessage request, ReceivingLink link) {
        return catalog.containing(selectingAddress(request, link));
    }
}

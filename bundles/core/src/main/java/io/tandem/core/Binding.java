package io.tandem.core;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;

/**
 * A binding about to be committed.
 *
 * @param lead the lease time granted and the potential expiry to tell the peer
 * @param hostname the client's host name, or null
 * @param relayAgentInfo the raw option 82 the request came with, or null
 */
record Binding(Ipv4Address address, ClientId client, HardwareAddress hardware, LeadTime lead, String hostname,
               byte[] relayAgentInfo) {
}

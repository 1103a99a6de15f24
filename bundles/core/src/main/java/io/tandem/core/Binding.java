package io.tandem.core;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;

/**
 * A binding about to be committed.
 *
 * @param hostname the client's host name, or null
 * @param relayAgentInfo the raw option 82 the request came with, or null
 */
record Binding(Ipv4Address address, ClientId client, HardwareAddress hardware, long leaseSeconds, String hostname,
               byte[] relayAgentInfo) {
}

package io.tandem.itests.e2e;

/**
 * A lease as the server under test shows it to its operator.
 *
 * @param state          binding state in upper case: ACTIVE, RELEASED, ABANDONED, FREE, EXPIRED, ...
 * @param mac            the client's hardware address, lower case with colons, or "-" when none
 * @param relayAgentInfo option 82 as hex with colons as the server recorded it, or "-" when none or unknown
 */
record LeaseView(String address, String state, String mac, String relayAgentInfo) {
}

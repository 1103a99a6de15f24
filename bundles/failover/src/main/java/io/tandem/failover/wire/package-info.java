/**
 * The failover wire format as ISC dhcpd 4.4 speaks it (draft-ietf-dhc-failover-12 with ISC's deviations): one
 * immutable record per message type, {@link io.tandem.failover.wire.FailoverDecoder} and
 * {@link io.tandem.failover.wire.FailoverEncoder} for single messages, and
 * {@link io.tandem.failover.wire.MessageFramer} to cut a TCP byte stream into messages. Every malformed input
 * raises {@link io.tandem.failover.wire.FailoverParseException}.
 *
 * <p>Private to the bundle: no socket, no timers and no protocol decisions here; a missing option is reported
 * as absent so the protocol layer can answer with the reject reason ISC would use.
 */
package io.tandem.failover.wire;

/**
 * The TCP link to the failover peer (reference §1.1, §1.8, §1.9): {@link io.tandem.failover.link.PeerLink} listens
 * and connects, runs the CONNECT/CONNECTACK handshake of its role, keeps the first connection that completes it as
 * the link, keeps it alive with CONTACT and drops it when the peer falls silent. The layer above sees a
 * {@link io.tandem.failover.link.LinkSession} per link and the events of
 * {@link io.tandem.failover.link.PeerLinkListener}; it sends STATE and everything after.
 *
 * <p>Private to the bundle. One event loop thread runs every socket and timer of a {@code PeerLink}.
 */
package io.tandem.failover.link;

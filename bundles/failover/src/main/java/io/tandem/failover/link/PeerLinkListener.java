package io.tandem.failover.link;

import io.tandem.failover.wire.FailoverMessage;

/**
 * The events of a {@link PeerLink}. Called on the link's event loop thread, one at a time, in order: {@code linkUp},
 * then the messages of that link, then {@code linkDown}, before anything of a later link. Implementations must not
 * block (hand disk writes and lease work to another thread) and should not throw; an exception is logged and the
 * link carries on.
 */
public interface PeerLinkListener {

    /**
     * A connection completed the handshake and is now the link. On the secondary the CONNECTACK is already queued,
     * so a STATE sent from here follows it on the wire, as ISC's does.
     */
    void linkUp(LinkSession link);

    /** A message arrived on the link (CONTACT included: the receive timer has already taken note of it). */
    void messageReceived(LinkSession link, FailoverMessage message);

    /** The link is closed; nothing more will be delivered or sent on it. */
    void linkDown(LinkSession link, LinkDownReason reason);
}

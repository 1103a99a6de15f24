package io.tandem.failover.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.Header;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One established link: the connection that completed the handshake, until it closes. A new link is a new session,
 * so a message meant for a link that went down can never leave on its successor. Thread-safe.
 */
public final class LinkSession {

    /** Who opened the TCP connection; either may carry the link (reference §1.1). */
    public enum Direction {
        /** The peer connected to our listening socket. */
        INCOMING,
        /** We connected to the peer's. */
        OUTGOING
    }

    private static final long XID_MASK = 0xffff_ffffL;

    private final Channel channel;
    private final Direction direction;
    private final PeerHello peer;
    private final AtomicLong xids;

    /**
     * @param firstXid the first xid this side originates on the link: the primary's CONNECT took 0, the secondary
     *     has originated nothing yet (its CONNECTACK copied the CONNECT's)
     */
    LinkSession(Channel channel, Direction direction, PeerHello peer, long firstXid) {
        this.channel = channel;
        this.direction = direction;
        this.peer = peer;
        this.xids = new AtomicLong(firstXid);
    }

    /** What the peer announced in the handshake. */
    public PeerHello peer() {
        return peer;
    }

    public Direction direction() {
        return direction;
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /**
     * The header of a message this side originates: our clock in whole seconds and the link's next xid (one counter
     * per link, as ISC keeps). Replies copy the request's xid instead; a BNDUPD must not use 0, which only the
     * secondary's first message can get.
     */
    public Header nextHeader() {
        return header(xids.getAndIncrement() & XID_MASK);
    }

    /**
     * Queues {@code message} on the link, from any thread; messages sent by one thread leave in order.
     *
     * @return false if the link is already closed (nothing was sent)
     * @throws IllegalArgumentException if the message would exceed the 2048 bytes a peer accepts
     */
    public boolean send(FailoverMessage message) {
        byte[] bytes = FailoverEncoder.encode(message);
        if (!channel.isActive()) {
            return false;
        }
        // A write that fails on a socket error closes the channel by itself (Netty's auto-close).
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        return true;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Closes the link without DISCONNECT, as ISC does; {@link PeerLinkListener#linkDown} follows. */
    public void close() {
        close(LinkDownReason.CLOSED_LOCALLY);
    }

    void close(LinkDownReason reason) {
        CloseReasons.close(channel, reason);
    }

    @Override
    public String toString() {
        return "link remote=" + LogText.remote(channel) + " direction=" + direction;
    }

    /** A header with our clock now and {@code xid}. */
    static Header header(long xid) {
        return new Header(wireNow(), xid);
    }

    /** Our clock, cut to the whole seconds the wire carries. */
    static Instant wireNow() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}

package io.tandem.failover.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.Header;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Queue<ByteBuf> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

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
        outgoing.add(Unpooled.wrappedBuffer(bytes));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException closing) {
                outgoing.clear();
                return false;
            }
        }
        return true;
    }

    /**
     * Writes every queued message and flushes once, on the channel's event loop: a burst of updates and
     * acknowledgements costs one wake-up of the loop and one send, not one of each per message. The flag is cleared
     * before the queue is read, so a message queued after the last read schedules a drain of its own.
     */
    private void drain() {
        drainScheduled.set(false);
        ByteBuf next;
        while ((next = outgoing.poll()) != null) {
            // A write that fails on a socket error closes the channel by itself (Netty's auto-close).
            channel.write(next);
        }
        channel.flush();
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

package io.tandem.failover.link;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.failover.wire.Contact;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of an established link (reference §1.9): a CONTACT goes out when nothing was sent for a third of
 * the peer's receive timer (every sent message rearms it), and the link is closed, without DISCONNECT, when nothing
 * was received for our own max-response-delay. Runs on the link's event loop.
 */
final class Keepalive extends ChannelDuplexHandler {

    private final LinkSession session;
    private final long contactIntervalNanos;
    private final long receiveTimeoutNanos;
    private long lastSent;
    private long lastReceived;
    private ScheduledFuture<?> contactTimer;
    private ScheduledFuture<?> receiveTimer;

    Keepalive(LinkSession session, Duration contactInterval, Duration receiveTimeout) {
        this.session = session;
        this.contactIntervalNanos = contactInterval.toNanos();
        this.receiveTimeoutNanos = receiveTimeout.toNanos();
    }

    /**
     * A third of the receive timer the peer announced. A peer that announced none (or 0) is given a third of ours,
     * so that CONTACT neither stops nor becomes a busy loop.
     */
    static Duration contactInterval(PeerHello peer, Duration ownMaxResponseDelay) {
        Duration peerTimer = peer.parameters().receiveTimer().filter(timer -> !timer.isZero())
                .orElse(ownMaxResponseDelay);
        return peerTimer.dividedBy(3);
    }

    /** Added to an active channel when the handshake completes: both timers start now. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastSent = System.nanoTime();
        lastReceived = lastSent;
        contactTimer = ctx.executor().schedule(() -> contactDue(ctx), contactIntervalNanos, TimeUnit.NANOSECONDS);
        receiveTimer = ctx.executor().schedule(() -> receiveDue(ctx), receiveTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Netty removes every handler once the channel is closed; a timer that fires in between finds it closed. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        contactTimer.cancel(false);
        receiveTimer.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        lastReceived = System.nanoTime();
        ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        lastSent = System.nanoTime();
        ctx.write(message, promise);
    }

    private void contactDue(ChannelHandlerContext ctx) {
        long idle = System.nanoTime() - lastSent;
        if (idle >= contactIntervalNanos) {
            if (!session.send(new Contact(session.nextHeader()))) {
                return;
            }
            idle = 0;
        }
        contactTimer = ctx.executor().schedule(() -> contactDue(ctx), contactIntervalNanos - idle,
                TimeUnit.NANOSECONDS);
    }

    private void receiveDue(ChannelHandlerContext ctx) {
        long silent = System.nanoTime() - lastReceived;
        if (silent >= receiveTimeoutNanos) {
            CloseReasons.close(ctx.channel(), LinkDownReason.PEER_SILENT);
            return;
        }
        receiveTimer = ctx.executor().schedule(() -> receiveDue(ctx), receiveTimeoutNanos - silent,
                TimeUnit.NANOSECONDS);
    }
}

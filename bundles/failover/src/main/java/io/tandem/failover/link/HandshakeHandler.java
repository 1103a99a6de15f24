package io.tandem.failover.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection from the moment it is open until its CONNECT/CONNECTACK exchange completes, fails, or runs out of
 * time (reference §1.1: 15 s, both roles). What each role sends and checks is its subclass's; on success the
 * handler leaves the pipeline and {@link LinkSlot} decides whether the connection becomes the link.
 */
abstract class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final RateLimitedLog TIMEOUTS = new RateLimitedLog(LOG, Duration.ofSeconds(1));
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, Duration.ofSeconds(1));
    /** Handshake refusals, ours and the peer's. */
    static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, Duration.ofSeconds(1));

    final FailoverSettings settings;
    private final LinkSlot slot;
    private final LinkSession.Direction direction;
    private final Duration timeout;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    HandshakeHandler(FailoverSettings settings, LinkSlot slot, LinkSession.Direction direction, Duration timeout) {
        this.settings = settings;
        this.slot = slot;
        this.direction = direction;
        this.timeout = timeout;
    }

    /** The connection is open: this side's first move, if it has one. */
    abstract void opened(ChannelHandlerContext ctx);

    /** A message arrived before the handshake finished. */
    abstract void received(ChannelHandlerContext ctx, FailoverMessage message);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!slot.admit(ctx.channel())) {
            finished = true;
            return;
        }
        deadline = ctx.executor().schedule(() -> timedOut(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        opened(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        // Once decided (refused, timed out), the rest of what the peer sent before the close is of no interest.
        if (!finished) {
            received(ctx, (FailoverMessage) message);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** The handshake succeeded: the connection goes to {@link LinkSlot} with what the peer announced. */
    final void complete(ChannelHandlerContext ctx, PeerHello peer, long firstXid) {
        finished = true;
        ctx.pipeline().remove(this);
        slot.establish(ctx.channel(), direction, peer, firstXid);
    }

    /** The handshake failed: {@code last} (a refusal), if any, is flushed before the connection closes. */
    final void fail(ChannelHandlerContext ctx, FailoverMessage last) {
        finished = true;
        if (last == null) {
            ctx.close();
        } else {
            send(ctx, last).addListener(written -> ctx.close());
        }
    }

    /** Anything but the handshake message of the role is ignored until the handshake is done. */
    final void unexpected(ChannelHandlerContext ctx, FailoverMessage message) {
        UNEXPECTED.warn("failover message ignored: handshake not done role=" + settings.role() + " remote="
                + LogText.remote(ctx.channel()) + " type=" + message.type());
    }

    static ChannelFuture send(ChannelHandlerContext ctx, FailoverMessage message) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(FailoverEncoder.encode(message)));
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (finished) {
            return;
        }
        finished = true;
        TIMEOUTS.warn("failover connection closed: handshake not done in time role=" + settings.role() + " remote="
                + LogText.remote(ctx.channel()) + " direction=" + direction + " timeoutMillis=" + timeout.toMillis());
        ctx.close();
    }
}

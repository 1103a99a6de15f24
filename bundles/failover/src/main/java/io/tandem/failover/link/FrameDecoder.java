package io.tandem.failover.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.FailoverParseException;
import io.tandem.failover.wire.MessageFramer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input side of one connection: bytes into {@code FailoverMessage}s, passed on one by one. Malformed input or a
 * socket error closes the connection with one log line; nothing the peer sends escapes as an exception.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);
    private static final RateLimitedLog MALFORMED = new RateLimitedLog(LOG, Duration.ofSeconds(1));
    private static final RateLimitedLog ERRORS = new RateLimitedLog(LOG, Duration.ofSeconds(1));
    /** Read buffers are copied out in slices of this size; the framer buffers at most one partial message. */
    private static final int SLICE = 4096;

    private final MessageFramer framer = new MessageFramer();
    private final byte[] slice = new byte[SLICE];
    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            while (!failed && bytes.isReadable()) {
                int length = Math.min(SLICE, bytes.readableBytes());
                bytes.readBytes(slice, 0, length);
                framer.feed(slice, 0, length, message -> deliver(ctx, message));
            }
        } catch (FailoverParseException e) {
            // Later bytes of this read, and any read already queued, are dropped: the stream has no boundary left.
            failed = true;
            MALFORMED.warn("failover connection closed: malformed input remote=" + LogText.remote(ctx.channel())
                    + " offset=" + e.getOffset() + " reason=\"" + e.getReason() + "\"");
            CloseReasons.close(ctx.channel(), LinkDownReason.MALFORMED_INPUT);
        } finally {
            bytes.release();
        }
    }

    /** Once the connection is closed (the layer above closed it, a refusal), the rest of the read is dropped. */
    private static void deliver(ChannelHandlerContext ctx, FailoverMessage message) {
        if (ctx.channel().isOpen()) {
            ctx.fireChannelRead(message);
        }
    }

    /** Socket errors (reset, broken pipe) end the connection; the default would only log them. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ERRORS.warn("failover connection closed: socket error remote=" + LogText.remote(ctx.channel()) + " cause=\""
                + cause + "\"");
        CloseReasons.close(ctx.channel(), LinkDownReason.CONNECTION_ERROR);
    }
}

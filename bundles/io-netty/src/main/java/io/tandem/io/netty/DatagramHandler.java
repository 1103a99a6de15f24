package io.tandem.io.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.api.Burst;
import io.tandem.api.DhcpHandler;
import io.tandem.api.ReceivingLink;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.DhcpParseException;
import io.tandem.protocol.MessageType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive path of one socket, on its event loop: decode, drop what is not a DHCP request (counted by reason),
 * admit within {@link PendingRequests}, hand to the engine, and pass its reply to {@link ReplySender}. Nothing a
 * datagram contains can make it throw or close the channel.
 *
 * <p>The datagrams of one read (Netty reads what the socket holds, then signals the read complete) are handed over
 * in one {@link Burst} of the engine: the leases they bind are synced together, on this thread when the store is
 * idle, and their ACKs follow.
 */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramHandler.class);

    private final ReceivingLink link;
    private final DhcpHandler engine;
    private final TrafficStatistics statistics;
    private final PendingRequests pending;
    private final ReplySender sender;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    /** Open from the first datagram of a read handed to the engine until the read is complete. */
    private Burst burst = Burst.NONE;

    DatagramHandler(ReceivingLink link, DhcpHandler engine, TrafficStatistics statistics, PendingRequests pending,
            ReplySender sender) {
        this.link = link;
        this.engine = engine;
        this.statistics = statistics;
        this.pending = pending;
        this.sender = sender;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        long receivedNanos = System.nanoTime();
        DhcpMessage request;
        try {
            request = DhcpDecoder.decode(packet.content().nioBuffer());
        } catch (DhcpParseException e) {
            statistics.dropped(DropReasons.malformed(e));
            return;
        }
        if (request.op() != DhcpMessage.BOOTREQUEST) {
            statistics.dropped(DropReasons.NOT_A_REQUEST);
            return;
        }
        Optional<MessageType> type = request.messageType();
        if (type.isEmpty()) {
            statistics.dropped(DropReasons.BOOTP);
            return;
        }
        if (!pending.tryAcquire()) {
            statistics.dropped(DropReasons.OVERLOADED);
            return;
        }
        statistics.received(type.get());
        handOver(ctx.channel(), request, receivedNanos);
    }

    private void handOver(Channel channel, DhcpMessage request, long receivedNanos) {
        CompletionStage<Optional<DhcpMessage>> stage;
        try {
            if (burst == Burst.NONE) {
                burst = engine.openBurst();
            }
            stage = engine.handle(request, link);
        } catch (RuntimeException e) {
            pending.release();
            handlerFailed(request, e);
            return;
        }
        stage.whenComplete((reply, failure) -> {
            pending.release();
            if (failure != null) {
                handlerFailed(request, failure);
            } else {
                reply.ifPresent(message -> sender.send(channel, request, message, receivedNanos));
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        closeBurst();
        ctx.fireChannelReadComplete();
    }

    /** A read cut short (the channel closing) still ends its burst: its commits must not wait for another read. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closeBurst();
        super.channelInactive(ctx);
    }

    private void closeBurst() {
        Burst open = burst;
        burst = Burst.NONE;
        try {
            open.close();
        } catch (RuntimeException e) {
            failures.warn("closing a burst failed link=" + link, e);
        }
    }

    /** The engine promises never to fail a stage; if it does anyway, the request is answered with silence. */
    private void handlerFailed(DhcpMessage request, Throwable failure) {
        statistics.dropped(DropReasons.HANDLER_FAILED);
        failures.warn("dhcp handler failed link=" + link + " xid=" + Integer.toHexString(request.xid()), failure);
    }

    /** Socket errors are logged and the channel keeps serving; the default would only log as well. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.warn("socket error link=" + link, cause);
    }
}

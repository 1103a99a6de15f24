package io.tandem.io.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply path: encodes a reply to fit its client, routes it ({@link ReplyRouter}) and writes it through the
 * socket the request arrived on, counting it as sent (with its latency) or dropped. Called from whichever thread
 * completed the engine's stage; Netty hands the write to the channel's event loop.
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final AttributeKey<AtomicBoolean> FLUSH_PENDING = AttributeKey.valueOf("tandem.flushPending");

    private final ReplyRouter router;
    private final TrafficStatistics statistics;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    ReplySender(ReplyRouter router, TrafficStatistics statistics) {
        this.router = router;
        this.statistics = statistics;
    }

    void send(Channel channel, DhcpMessage request, DhcpMessage reply, long receivedNanos) {
        byte[] bytes;
        try {
            bytes = DhcpEncoder.encodeReply(reply, request);
        } catch (IllegalArgumentException e) {
            statistics.dropped(DropReasons.ENCODE_FAILED);
            failures.warn("reply not encodable xid=" + Integer.toHexString(reply.xid()), e);
            return;
        }
        ReplyRouter.Route route = router.route(request, reply);
        if (!channel.isActive()) {
            // The socket closed (reconfiguration, shutdown) while the engine worked on this request.
            statistics.dropped(DropReasons.CHANNEL_CLOSED);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("reply xid={} type={} route={} destination={}", Integer.toHexString(reply.xid()),
                    reply.messageType().orElse(null), route.reason(), route.destination());
        }
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(bytes), route.destination()))
                .addListener(written -> {
                    if (written.isSuccess()) {
                        reply.messageType().ifPresent(
                                type -> statistics.sent(type, System.nanoTime() - receivedNanos));
                    } else {
                        statistics.dropped(DropReasons.SEND_FAILED);
                        failures.warn("reply send failed channel=" + channel + " destination="
                                + route.destination(), written.cause());
                    }
                });
        flushSoon(channel);
    }

    /**
     * Flushes the channel once for every reply written since the last flush: the event loop then sends them with
     * one sendmmsg call rather than one system call each. Writes queued on the event loop before the flush task
     * run before it, so no reply waits for a later one.
     */
    private static void flushSoon(Channel channel) {
        Attribute<AtomicBoolean> attribute = channel.attr(FLUSH_PENDING);
        AtomicBoolean pending = attribute.get();
        if (pending == null) {
            AtomicBoolean fresh = new AtomicBoolean();
            pending = Objects.requireNonNullElse(attribute.setIfAbsent(fresh), fresh);
        }
        AtomicBoolean flag = pending;
        if (flag.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                flag.set(false);
                channel.flush();
            });
        }
    }
}

package io.tandem.io.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.MessageType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply path: encodes a reply to fit its client, routes it ({@link ReplyRouter}) and writes it through the
 * socket the request arrived on, counting it as sent (with its latency) or dropped. Called from whichever thread
 * completed the engine's stage. A socket with a {@link DirectSend} sends the reply on that thread; otherwise, and
 * when its send buffer is full, the write happens on the channel's event loop, in batches (see {@link Outbox}).
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final AttributeKey<Outbox> OUTBOX = AttributeKey.valueOf("tandem.outbox");

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
        Optional<DirectSend> direct = DirectSend.of(channel);
        if (direct.isPresent() && !channel.eventLoop().inEventLoop() && sentDirectly(direct.get(), channel, bytes,
                route.destination(), reply.messageType().orElse(null), receivedNanos)) {
            return;
        }
        Outgoing outgoing = new Outgoing(new DatagramPacket(Unpooled.wrappedBuffer(bytes), route.destination()),
                reply.messageType().orElse(null), receivedNanos);
        try {
            outboxOf(channel).post(channel, outgoing);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the socket is closing.
            statistics.dropped(DropReasons.CHANNEL_CLOSED);
        }
    }

    /**
     * Sends the reply on this thread, without waking the channel's event loop; false if the socket's send buffer
     * is full, leaving the reply to the event loop. A refused or closed socket is counted here, as the event loop's
     * write would count it.
     */
    private boolean sentDirectly(DirectSend direct, Channel channel, byte[] bytes, InetSocketAddress destination,
            MessageType type, long receivedNanos) {
        try {
            switch (direct.send(bytes, destination)) {
                case SENT -> {
                    sent(type, receivedNanos);
                    return true;
                }
                case CLOSED -> {
                    statistics.dropped(DropReasons.CHANNEL_CLOSED);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        } catch (IOException e) {
            sendFailed(channel, destination, e);
            return true;
        }
    }

    /** Counts a reply as sent, with the time since its request was read; a reply without a message type is not. */
    private void sent(MessageType type, long receivedNanos) {
        if (type != null) {
            statistics.sent(type, System.nanoTime() - receivedNanos);
        }
    }

    private void sendFailed(Channel channel, InetSocketAddress destination, Throwable cause) {
        statistics.dropped(DropReasons.SEND_FAILED);
        failures.warn("reply send failed channel=" + channel + " destination=" + destination, cause);
    }

    private Outbox outboxOf(Channel channel) {
        Attribute<Outbox> attribute = channel.attr(OUTBOX);
        Outbox outbox = attribute.get();
        if (outbox == null) {
            Outbox fresh = new Outbox();
            outbox = Objects.requireNonNullElse(attribute.setIfAbsent(fresh), fresh);
        }
        return outbox;
    }

    private record Outgoing(DatagramPacket packet, MessageType type, long receivedNanos) {
    }

    /**
     * The replies waiting for a channel's event loop. Posting one schedules a drain unless one is scheduled
     * already; the drain clears that mark before it takes replies, then writes all it finds and flushes once, so
     * the event loop sends them with one sendmmsg call. A reply posted while a drain runs is either taken by it or
     * schedules the next: none waits for a later reply to be flushed.
     */
    private final class Outbox {

        private final Queue<Outgoing> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();

        void post(Channel channel, Outgoing outgoing) {
            waiting.add(outgoing);
            if (drainScheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(() -> drain(channel));
            }
        }

        private void drain(Channel channel) {
            drainScheduled.set(false);
            for (Outgoing outgoing = waiting.poll(); outgoing != null; outgoing = waiting.poll()) {
                write(channel, outgoing);
            }
            channel.flush();
        }

        private void write(Channel channel, Outgoing outgoing) {
            channel.write(outgoing.packet()).addListener(written -> {
                if (written.isSuccess()) {
                    sent(outgoing.type(), outgoing.receivedNanos());
                } else {
                    sendFailed(channel, outgoing.packet().recipient(), written.cause());
                }
            });
        }
    }
}

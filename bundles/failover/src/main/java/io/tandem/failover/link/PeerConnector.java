package io.tandem.failover.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.failover.config.FailoverSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outgoing connection to the peer while there is no link (reference §1.1: both sides connect, at start and
 * after every link loss): connects at once on start, then about every {@code reconnectDelay} after a failed attempt,
 * a closed connection or a lost link. Nothing is attempted while a link is up, whichever side opened it. Confined to
 * the event loop.
 */
final class PeerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnector.class);

    private final EventLoop loop;
    private final FailoverSettings settings;
    private final LinkTimings timings;
    private final ConnectionSetup setup;
    private final LinkSlot slot;
    private Channel outgoing;
    private ScheduledFuture<?> retry;
    private boolean stopped;
    /** The last failure logged; the same failure every 5 s is logged once. */
    private String lastProblem;

    PeerConnector(EventLoop loop, FailoverSettings settings, LinkTimings timings, ConnectionSetup setup,
            LinkSlot slot) {
        this.loop = loop;
        this.settings = settings;
        this.timings = timings;
        this.setup = setup;
        this.slot = slot;
    }

    void start() {
        connect();
    }

    /** Schedules the next attempt unless one is open, pending or not wanted. */
    void ensureConnecting() {
        if (stopped || outgoing != null || retry != null || slot.isLinked()) {
            return;
        }
        long jitter = timings.reconnectJitter().toNanos();
        long delay = timings.reconnectDelay().toNanos()
                + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
        retry = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    void stop() {
        stopped = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (outgoing != null) {
            outgoing.close();
        }
    }

    private void connect() {
        retry = null;
        if (stopped || slot.isLinked()) {
            return;
        }
        InetSocketAddress peer = new InetSocketAddress(settings.peerAddress().toInetAddress(), settings.peerPort());
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timings.handshakeTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        setup.install(channel, LinkSession.Direction.OUTGOING);
                    }
                })
                // From our configured address: the peer accepts only the address it has configured for us.
                .localAddress(new InetSocketAddress(settings.localAddress().toInetAddress(), 0))
                .connect(peer);
        Channel channel = connecting.channel();
        outgoing = channel;
        channel.closeFuture().addListener(closed -> released(channel));
        connecting.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                lastProblem = null;
                return;
            }
            String problem = String.valueOf(done.cause());
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                LOG.warn("failover connect failed, retrying peer={} local={} problem=\"{}\" retryEveryMillis={}",
                        LogText.address(peer), settings.localAddress(), problem, timings.reconnectDelay().toMillis());
            }
            channel.close();
        });
    }

    private void released(Channel channel) {
        if (outgoing == channel) {
            outgoing = null;
        }
        ensureConnecting();
    }
}

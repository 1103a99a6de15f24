package io.tandem.failover.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.failover.config.FailoverSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket on {@code localAddress:localPort}. A connection is kept only if it comes from the configured
 * peer address (reference §1.1: ISC closes any other at once). A failed bind (address not up yet, port taken) is
 * retried every reconnect delay, each distinct problem logged once. Confined to the event loop.
 */
final class PeerAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAcceptor.class);
    private static final RateLimitedLog STRANGERS = new RateLimitedLog(LOG, Duration.ofSeconds(1));

    private final EventLoop loop;
    private final FailoverSettings settings;
    private final Duration retryDelay;
    private final ConnectionSetup setup;
    private Channel listening;
    private ScheduledFuture<?> retry;
    private boolean stopped;
    private String lastProblem;

    PeerAcceptor(EventLoop loop, FailoverSettings settings, Duration retryDelay, ConnectionSetup setup) {
        this.loop = loop;
        this.settings = settings;
        this.retryDelay = retryDelay;
        this.setup = setup;
    }

    void start() {
        bind();
    }

    void stop() {
        stopped = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (listening != null) {
            listening.close();
        }
    }

    private void bind() {
        retry = null;
        if (stopped) {
            return;
        }
        InetSocketAddress local = new InetSocketAddress(settings.localAddress().toInetAddress(), settings.localPort());
        new ServerBootstrap()
                .group(loop)
                .channel(EpollServerSocketChannel.class)
                // A restart must not wait for the last connections' TIME_WAIT to end before listening again.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted(channel);
                    }
                })
                .bind(local)
                .addListener((ChannelFutureListener) bound -> {
                    if (!bound.isSuccess()) {
                        retryLater(local, String.valueOf(bound.cause()));
                    } else if (stopped) {
                        bound.channel().close();
                    } else {
                        listening = bound.channel();
                        lastProblem = null;
                        LOG.info("failover listening local={} peer={}", LogText.address(local), settings.peerAddress());
                    }
                });
    }

    private void accepted(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (!remote.getAddress().equals(settings.peerAddress().toInetAddress())) {
            STRANGERS.warn("failover connection refused: not the peer remote=" + LogText.address(remote) + " peer="
                    + settings.peerAddress());
            channel.close();
            return;
        }
        setup.install(channel, LinkSession.Direction.INCOMING);
    }

    private void retryLater(InetSocketAddress local, String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            LOG.warn("failover listen failed, retrying local={} problem=\"{}\" retryEveryMillis={}",
                    LogText.address(local), problem, retryDelay.toMillis());
        }
        retry = loop.schedule(this::bind, retryDelay.toNanos(), TimeUnit.NANOSECONDS);
    }
}

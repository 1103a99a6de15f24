package io.tandem.io.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.api.DhcpHandler;
import io.tandem.api.TrafficStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sockets of one {@link ServerSettings}: an epoll event loop group and one {@link InterfaceChannel} per served
 * interface, sharing the reply path and the bound on pending requests. Replaced whole when the settings change.
 */
final class UdpServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<InterfaceChannel> channels = new ArrayList<>();

    /**
     * Binds every interface of {@code settings} once the engine is {@linkplain DhcpHandler#ready() ready}; returns at
     * once (see {@link InterfaceChannel#bound()}).
     *
     * @throws IllegalStateException if the epoll transport cannot be loaded (not Linux x86_64, native library missing)
     */
    UdpServer(ServerSettings settings, DhcpHandler engine, TrafficStatistics statistics, Duration retryInterval) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("epoll transport unavailable: " + Epoll.unavailabilityCause(),
                    Epoll.unavailabilityCause());
        }
        int threads = Math.min(settings.interfaces().size(), Runtime.getRuntime().availableProcessors());
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("tandem-dhcp-io", true),
                EpollIoHandler.newFactory());
        PendingRequests pending = new PendingRequests(settings.maxPendingRequests());
        ReplySender sender = new ReplySender(new ReplyRouter(settings.clientPort(), settings.relayPort()),
                statistics);
        for (String name : settings.interfaces()) {
            InterfaceChannel channel = new InterfaceChannel(name, settings.port(), group.next(),
                    link -> new DatagramHandler(link, engine, statistics, pending, sender), retryInterval,
                    settings.receiveBufferBytes());
            channels.add(channel);
        }
        engine.ready().whenComplete((ignored, failure) -> channels.forEach(InterfaceChannel::start));
    }

    List<InterfaceChannel> channels() {
        return List.copyOf(channels);
    }

    /** Closes every socket and stops the event loops; returns once they are stopped. */
    @Override
    public void close() {
        channels.forEach(InterfaceChannel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

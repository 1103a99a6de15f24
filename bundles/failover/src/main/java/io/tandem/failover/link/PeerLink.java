package io.tandem.failover.link;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.failover.config.FailoverSettings;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The connection to the failover peer of one {@link FailoverSettings}, as ISC keeps it (reference §1.1, §1.8,
 * §1.9): it listens on {@code localAddress:localPort} and connects to {@code peerAddress:peerPort}, runs the
 * CONNECT/CONNECTACK handshake of its role on every connection, keeps the first that completes it as the link and
 * closes the others, sends CONTACT and drops a silent link, and reconnects about every 5 s while there is no link.
 * Above the handshake it only carries messages: STATE and everything after belong to the layer above, which sees
 * the {@link PeerLinkListener} events.
 *
 * <p>One event loop thread runs every socket, timer and listener call of the link: its own
 * ({@code tandem-failover-io}), or one its user shares with it.
 */
public final class PeerLink implements AutoCloseable {

    private final FailoverSettings settings;
    private final LinkTimings timings;
    private final PeerLinkListener listener;
    /** The thread the user shares with the link, or null if the link runs one of its own. */
    private final EventLoopGroup shared;
    private EventLoopGroup group;
    private PeerAcceptor acceptor;
    private PeerConnector connector;
    private LinkSlot slot;

    /** A link that runs on a thread of its own. */
    public PeerLink(FailoverSettings settings, LinkTimings timings, PeerLinkListener listener) {
        this(settings, timings, listener, null);
    }

    /**
     * A link that runs on {@code thread} (made by {@link #newThread}), which its user also runs work on and shuts
     * down after {@link #close}: listener calls can then act on a message without handing it to another thread.
     */
    public PeerLink(FailoverSettings settings, LinkTimings timings, PeerLinkListener listener,
                    EventLoopGroup thread) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.shared = thread;
    }

    /**
     * One epoll event loop thread named {@code name}, for a link and whatever shares its thread.
     *
     * @throws IllegalStateException if the epoll transport cannot be loaded (not Linux x86_64, native library
     *     missing)
     */
    public static EventLoopGroup newThread(String name) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("epoll transport unavailable: " + Epoll.unavailabilityCause(),
                    Epoll.unavailabilityCause());
        }
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true), EpollIoHandler.newFactory());
    }

    /**
     * Starts listening and connecting; returns at once. Failures to bind or connect are logged and retried.
     *
     * @throws IllegalStateException if already started, or the epoll transport cannot be loaded (not Linux x86_64,
     *     native library missing)
     */
    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("failover link already started");
        }
        // One thread: every connection, timer and listener call of the link is serialised without locks.
        group = shared != null ? shared : newThread("tandem-failover-io");
        EventLoop loop = group.next();
        // Built here, used only on the loop from now on: handing them over through the loop's queue publishes them.
        slot = new LinkSlot(settings, new GuardedListener(listener), () -> connector.ensureConnecting());
        ConnectionSetup setup = new ConnectionSetup(settings, slot, timings.handshakeTimeout());
        acceptor = new PeerAcceptor(loop, settings, timings.reconnectDelay(), setup);
        connector = new PeerConnector(loop, settings, timings, setup, slot);
        loop.execute(() -> {
            acceptor.start();
            connector.start();
        });
    }

    /**
     * Stops listening and connecting and closes every connection (no DISCONNECT, as ISC); a link that was up is
     * reported down with {@link LinkDownReason#SHUTDOWN} before this returns.
     */
    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        group.submit(() -> {
            acceptor.stop();
            connector.stop();
            slot.closeAll();
        }).syncUninterruptibly();
        if (shared == null) {
            // Graceful shutdown runs the tasks still queued, among them the close events that report the link down.
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } else {
            // The close events were queued by the task above: they have run once a task queued after them has.
            group.submit(() -> { }).syncUninterruptibly();
        }
        group = null;
    }
}

package io.tandem.failover.link;

import io.netty.channel.Channel;
import io.tandem.failover.config.FailoverSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which connection is the link: the first to complete the handshake (reference §1.1). While a link is up
 * every other connection is closed, those still in their handshake when it comes up and any opened later, with a
 * FIN and nothing else, as ISC closes a duplicate. Confined to the event loop.
 */
final class LinkSlot {

    private static final Logger LOG = LoggerFactory.getLogger(LinkSlot.class);
    private static final RateLimitedLog DUPLICATES = new RateLimitedLog(LOG, Duration.ofSeconds(1));

    private final FailoverSettings settings;
    private final PeerLinkListener listener;
    /** Called when the link goes down, so that an outgoing connection is tried again. */
    private final Runnable linkLost;
    private final Set<Channel> handshaking = new HashSet<>();
    private LinkSession link;
    private boolean closed;

    LinkSlot(FailoverSettings settings, PeerLinkListener listener, Runnable linkLost) {
        this.settings = settings;
        this.listener = listener;
        this.linkLost = linkLost;
    }

    boolean isLinked() {
        return link != null;
    }

    /** A connection is open and may start its handshake; false (and it is closed) if a link is already up. */
    boolean admit(Channel channel) {
        if (closed || link != null) {
            closeDuplicate(channel);
            return false;
        }
        handshaking.add(channel);
        channel.closeFuture().addListener(closing -> handshaking.remove(channel));
        return true;
    }

    /**
     * The handshake on {@code channel} completed: it becomes the link, the other connections are closed, the pipeline
     * gets the established link's handlers and the listener hears {@code linkUp}.
     */
    void establish(Channel channel, LinkSession.Direction direction, PeerHello peer, long firstXid) {
        handshaking.remove(channel);
        if (closed || link != null) {
            closeDuplicate(channel);
            return;
        }
        LinkSession session = new LinkSession(channel, direction, peer, firstXid);
        link = session;
        for (Channel other : new ArrayList<>(handshaking)) {
            closeDuplicate(other);
        }
        Duration contactInterval = Keepalive.contactInterval(peer, settings.maxResponseDelay());
        channel.pipeline().addLast(new Keepalive(session, contactInterval, settings.maxResponseDelay()),
                new SessionHandler(session, this, listener));
        LOG.info("failover link up role={} remote={} direction={} peerVendor=\"{}\" peerReceiveTimerSeconds={} "
                + "peerMaxUnackedUpdates={} peerMcltSeconds={} contactEveryMillis={}", settings.role(),
                LogText.remote(channel), direction, peer.parameters().vendorClass().orElse(""),
                seconds(peer.parameters().receiveTimer()), peer.parameters().maxUnackedUpdates().orElse(null),
                seconds(peer.mclt()), contactInterval.toMillis());
        listener.linkUp(session);
    }

    /** The link closed. */
    void released(LinkSession session, LinkDownReason reason) {
        if (link == session) {
            link = null;
        }
        LOG.info("failover link down role={} remote={} direction={} reason={}", settings.role(),
                LogText.address(session.remoteAddress()), session.direction(), reason);
        linkLost.run();
    }

    /** Closes the link and every connection in its handshake, for good. */
    void closeAll() {
        closed = true;
        for (Channel channel : new ArrayList<>(handshaking)) {
            channel.close();
        }
        if (link != null) {
            link.close(LinkDownReason.SHUTDOWN);
        }
    }

    /** Normal when both sides connect at once, hence INFO; rate-limited as the peer's address may open many. */
    private void closeDuplicate(Channel channel) {
        if (!closed) {
            DUPLICATES.info("failover connection closed: duplicate, a link is already up remote="
                    + LogText.remote(channel) + " link="
                    + (link == null ? "none" : LogText.address(link.remoteAddress())));
        }
        channel.close();
    }

    private static Object seconds(Optional<Duration> duration) {
        return duration.map(Duration::toSeconds).orElse(null);
    }
}

package io.tandem.failover.link;

import io.tandem.failover.wire.FailoverMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener as the event loop calls it: an exception from the layer above is logged and goes no further, so it
 * can neither close the link nor reach Netty's pipeline.
 */
final class GuardedListener implements PeerLinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);
    /** A listener failing on every message could otherwise log once per CONTACT or BNDUPD. */
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final PeerLinkListener listener;

    GuardedListener(PeerLinkListener listener) {
        this.listener = listener;
    }

    @Override
    public void linkUp(LinkSession link) {
        try {
            listener.linkUp(link);
        } catch (RuntimeException e) {
            failed("linkUp", link, e);
        }
    }

    @Override
    public void messageReceived(LinkSession link, FailoverMessage message) {
        try {
            listener.messageReceived(link, message);
        } catch (RuntimeException e) {
            failed("messageReceived type=" + message.type(), link, e);
        }
    }

    @Override
    public void linkDown(LinkSession link, LinkDownReason reason) {
        try {
            listener.linkDown(link, reason);
        } catch (RuntimeException e) {
            failed("linkDown", link, e);
        }
    }

    private static void failed(String event, LinkSession link, RuntimeException e) {
        FAILURES.warn("failover link listener failed event=" + event + " remote="
                + LogText.address(link.remoteAddress()) + " cause=\"" + e + "\"");
    }
}

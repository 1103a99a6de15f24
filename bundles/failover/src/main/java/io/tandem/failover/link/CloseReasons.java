package io.tandem.failover.link;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Carries why a connection is closed from whoever closes it to the handler that reports the link down: Netty's
 * close event says only that it closed. The first reason set wins (a close after a close changes nothing).
 */
final class CloseReasons {

    private static final AttributeKey<LinkDownReason> REASON = AttributeKey.valueOf(CloseReasons.class, "reason");

    private CloseReasons() {
    }

    /** Closes {@code channel} for {@code reason}, unless it is already closing for another. */
    static void close(Channel channel, LinkDownReason reason) {
        channel.attr(REASON).setIfAbsent(reason);
        channel.close();
    }

    /** Why {@code channel} closed: the reason given to {@link #close}, else the peer closed it. */
    static LinkDownReason of(Channel channel) {
        LinkDownReason reason = channel.attr(REASON).get();
        return reason == null ? LinkDownReason.PEER_CLOSED : reason;
    }
}

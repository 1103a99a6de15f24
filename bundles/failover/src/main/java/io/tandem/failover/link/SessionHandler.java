package io.tandem.failover.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tandem.failover.wire.FailoverMessage;

/** The end of an established link's pipeline: its messages and its end go to the listener. */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private final LinkSession session;
    private final LinkSlot slot;
    private final PeerLinkListener listener;

    SessionHandler(LinkSession session, LinkSlot slot, PeerLinkListener listener) {
        this.session = session;
        this.slot = slot;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        listener.messageReceived(session, (FailoverMessage) message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LinkDownReason reason = CloseReasons.of(ctx.channel());
        slot.released(session, reason);
        listener.linkDown(session, reason);
    }
}

package io.tandem.failover.link;

import io.netty.channel.ChannelHandlerContext;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.FailoverMessage;
import java.time.Duration;
import java.util.Optional;

/**
 * The primary's side: CONNECT first, on every connection whoever opened it (ISC deviation, reference §1.1), then a
 * CONNECTACK decides. A refusal from the secondary is logged and the connection closed; a CONNECTACK we do not
 * accept (relationship name, clock skew) is answered with DISCONNECT, the only time ISC sends one.
 */
final class PrimaryHandshake extends HandshakeHandler {

    /** The CONNECT is the first message this side originates on the connection. */
    private static final long CONNECT_XID = 0;

    PrimaryHandshake(FailoverSettings settings, LinkSlot slot, LinkSession.Direction direction, Duration timeout) {
        super(settings, slot, direction, timeout);
    }

    @Override
    void opened(ChannelHandlerContext ctx) {
        send(ctx, HandshakeMessages.connect(settings, LinkSession.header(CONNECT_XID)));
    }

    @Override
    void received(ChannelHandlerContext ctx, FailoverMessage message) {
        if (!(message instanceof ConnectAck ack)) {
            unexpected(ctx, message);
            return;
        }
        if (ack.rejectReason().isPresent()) {
            REFUSALS.warn("failover handshake refused by the peer remote=" + LogText.remote(ctx.channel())
                    + " reason=\"" + ack.rejectReason().get() + "\" message=\"" + ack.message().orElse("") + "\"");
            fail(ctx, null);
            return;
        }
        Optional<Refusal> refusal = HandshakeChecks.connectAck(ack, settings.relationshipName(),
                LinkSession.wireNow());
        if (refusal.isPresent()) {
            REFUSALS.warn("failover handshake refused remote=" + LogText.remote(ctx.channel()) + " reason=\""
                    + refusal.get().reason() + "\" detail=\"" + refusal.get().text() + "\"");
            fail(ctx, HandshakeMessages.disconnect(refusal.get(), LinkSession.header(CONNECT_XID + 1)));
            return;
        }
        complete(ctx, new PeerHello(ack.peer(), Optional.empty(), Optional.empty(), ack.header().time()),
                CONNECT_XID + 1);
    }
}

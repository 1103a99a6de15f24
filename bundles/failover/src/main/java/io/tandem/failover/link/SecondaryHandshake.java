package io.tandem.failover.link;

import io.netty.channel.ChannelHandlerContext;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.HashBucketAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The secondary's side: it never sends CONNECT, it answers one on whichever connection it arrives (reference §1.1):
 * a refusing CONNECTACK (flushed, then the connection closes) or an accepting one, after which the connection is
 * offered to {@link LinkSlot}.
 */
final class SecondaryHandshake extends HandshakeHandler {

    /** The CONNECTACK copies the CONNECT's xid, so this side has originated nothing yet. */
    private static final long FIRST_XID = 0;

    SecondaryHandshake(FailoverSettings settings, LinkSlot slot, LinkSession.Direction direction, Duration timeout) {
        super(settings, slot, direction, timeout);
    }

    @Override
    void opened(ChannelHandlerContext ctx) {
        // The primary speaks first.
    }

    @Override
    void received(ChannelHandlerContext ctx, FailoverMessage message) {
        if (!(message instanceof Connect connect)) {
            unexpected(ctx, message);
            return;
        }
        Instant now = LinkSession.wireNow();
        Optional<Refusal> refusal = HandshakeChecks.connect(connect, settings.relationshipName(), now);
        if (refusal.isPresent()) {
            REFUSALS.warn("failover handshake refused remote=" + LogText.remote(ctx.channel()) + " reason=\""
                    + refusal.get().reason() + "\" detail=\"" + refusal.get().text() + "\"");
            fail(ctx, HandshakeMessages.refuse(settings, connect, refusal.get(), now));
            return;
        }
        send(ctx, HandshakeMessages.accept(settings, connect, now));
        // The checks above guarantee a 32-byte HBA and an MCLT.
        complete(ctx, new PeerHello(connect.peer(), connect.mclt(),
                connect.hashBucketAssignment().map(HashBucketAssignment::buckets), connect.header().time()),
                FIRST_XID);
    }
}

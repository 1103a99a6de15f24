package io.tandem.failover.link;

import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.Disconnect;
import io.tandem.failover.wire.HashBucketAssignment;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.PeerParameters;
import io.tandem.failover.wire.RejectReason;
import java.time.Instant;
import java.util.Optional;

/** The handshake messages this side sends, with the options ISC puts in each (reference §1.6). */
final class HandshakeMessages {

    /** Option 28. Any text will do: ISC only warns about one starting with {@code isc-V3.0.}. */
    static final String VENDOR_CLASS = "tandem";
    static final int PROTOCOL_VERSION = 1;
    /** TLS is not implemented by ISC: request and reply are always 0. */
    private static final int NO_TLS = 0;
    /**
     * A longer name is nobody's, and echoing it beside our own options could take the refusal past the 2048 bytes
     * a message may have.
     */
    private static final int MAX_ECHOED_NAME = 1024;

    private HandshakeMessages() {
    }

    /** The primary's CONNECT: options 22, 14, 19, 28, 20, 27, 15 and 11. */
    static Connect connect(FailoverSettings settings, Header header) {
        return new Connect(header, ours(settings), Optional.of(NO_TLS), settings.mclt(),
                settings.primaryBuckets().map(HashBucketAssignment::of));
    }

    /** The secondary's acceptance, with the CONNECT's xid; TLS-reply only if the CONNECT carried TLS-request. */
    static ConnectAck accept(FailoverSettings settings, Connect connect, Instant now) {
        return new ConnectAck(replyHeader(connect, now), ours(settings), tlsReply(connect), Optional.empty(),
                Optional.empty());
    }

    /**
     * The secondary's refusal. For an unknown relationship ISC echoes the peer's name (if any) and leaves out its
     * window and receive timer; otherwise it sends its own.
     */
    static ConnectAck refuse(FailoverSettings settings, Connect connect, Refusal refusal, Instant now) {
        Optional<String> echoed = connect.peer().relationshipName().filter(name -> name.length() <= MAX_ECHOED_NAME);
        PeerParameters peer = refusal.reason().equals(RejectReason.INVALID_PARTNER)
                ? new PeerParameters(echoed, Optional.empty(), Optional.empty(), Optional.of(VENDOR_CLASS),
                        Optional.of(PROTOCOL_VERSION))
                : ours(settings);
        return new ConnectAck(replyHeader(connect, now), peer, tlsReply(connect), Optional.of(refusal.reason()),
                Optional.of(refusal.text()));
    }

    /** The primary's answer to a CONNECTACK it does not accept. */
    static Disconnect disconnect(Refusal refusal, Header header) {
        return new Disconnect(header, Optional.of(refusal.reason()), Optional.of(refusal.text()));
    }

    private static PeerParameters ours(FailoverSettings settings) {
        return new PeerParameters(Optional.of(settings.relationshipName()),
                Optional.of((long) settings.maxUnackedUpdates()), Optional.of(settings.maxResponseDelay()),
                Optional.of(VENDOR_CLASS), Optional.of(PROTOCOL_VERSION));
    }

    private static Header replyHeader(Connect connect, Instant now) {
        return new Header(now, connect.header().xid());
    }

    private static Optional<Integer> tlsReply(Connect connect) {
        return connect.tlsRequest().map(request -> NO_TLS);
    }
}

package io.tandem.failover.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * CONNECTACK (6): the secondary's answer to CONNECT, with the CONNECT's xid; a reject reason makes it a refusal.
 *
 * @param peer         options 22, 14, 19, 28 and 20 (ISC leaves out 14 and 19 when refusing an unknown peer)
 * @param tlsReply     TLS-reply (26); ISC sends 0, and only when the CONNECT carried TLS-request
 * @param rejectReason reject-reason (21); present only when refusing
 * @param message      message (16): human-readable text accompanying a refusal
 */
public record ConnectAck(Header header, PeerParameters peer, Optional<Integer> tlsReply,
        Optional<RejectReason> rejectReason, Optional<String> message) implements FailoverMessage {

    public ConnectAck {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(peer, "peer");
        WireValues.requireIfPresent(tlsReply, "TLS reply", WireValues::requireU8);
        Objects.requireNonNull(rejectReason, "reject reason");
        WireValues.requireIfPresent(message, "message", WireValues::requireText);
    }

    @Override
    public MessageType type() {
        return MessageType.CONNECTACK;
    }
}

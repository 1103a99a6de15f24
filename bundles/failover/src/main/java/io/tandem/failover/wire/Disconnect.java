package io.tandem.failover.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * DISCONNECT (12): the sender closes the link. ISC sends it only when refusing a CONNECTACK; otherwise it just
 * closes TCP.
 *
 * @param rejectReason reject-reason (21)
 * @param message      message (16), human-readable
 */
public record Disconnect(Header header, Optional<RejectReason> rejectReason, Optional<String> message)
        implements FailoverMessage {

    public Disconnect {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rejectReason, "reject reason");
        WireValues.requireIfPresent(message, "message", WireValues::requireText);
    }

    @Override
    public MessageType type() {
        return MessageType.DISCONNECT;
    }
}

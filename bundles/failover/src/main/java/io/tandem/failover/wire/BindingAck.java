package io.tandem.failover.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * BNDACK (4): the answer to one BNDUPD, with its xid. Without a reject reason it accepts the update.
 *
 * @param binding      the binding options; ISC sends only the address
 * @param rejectReason reject-reason (21); present only when refusing
 * @param message      message (16), human-readable text accompanying a refusal
 */
public record BindingAck(Header header, Binding binding, Optional<RejectReason> rejectReason,
        Optional<String> message) implements FailoverMessage {

    public BindingAck {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(rejectReason, "reject reason");
        WireValues.requireIfPresent(message, "message", WireValues::requireText);
    }

    @Override
    public MessageType type() {
        return MessageType.BNDACK;
    }
}

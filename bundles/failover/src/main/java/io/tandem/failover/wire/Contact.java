package io.tandem.failover.wire;

import java.util.Objects;

/** CONTACT (11): keepalive, sent when nothing else was sent for a third of the peer's receive timer. No options. */
public record Contact(Header header) implements FailoverMessage {

    public Contact {
        Objects.requireNonNull(header, "header");
    }

    @Override
    public MessageType type() {
        return MessageType.CONTACT;
    }
}

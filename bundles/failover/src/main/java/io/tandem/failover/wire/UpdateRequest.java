package io.tandem.failover.wire;

import java.util.Objects;

/** UPDREQ (9): asks the peer to send every binding change this side has not acknowledged. No options. */
public record UpdateRequest(Header header) implements FailoverMessage {

    public UpdateRequest {
        Objects.requireNonNull(header, "header");
    }

    @Override
    public MessageType type() {
        return MessageType.UPDREQ;
    }
}

package io.tandem.failover.wire;

import java.util.Objects;

/** UPDREQALL (7): asks the peer to send every binding; ISC sends it on entering RECOVER. No options. */
public record UpdateRequestAll(Header header) implements FailoverMessage {

    public UpdateRequestAll {
        Objects.requireNonNull(header, "header");
    }

    @Override
    public MessageType type() {
        return MessageType.UPDREQALL;
    }
}

package io.tandem.failover.wire;

import java.util.Objects;

/**
 * UPDDONE (8): all updates asked for by UPDREQ or UPDREQALL were sent and acknowledged; the xid is that request's.
 * No options.
 */
public record UpdateDone(Header header) implements FailoverMessage {

    public UpdateDone {
        Objects.requireNonNull(header, "header");
    }

    @Override
    public MessageType type() {
        return MessageType.UPDDONE;
    }
}

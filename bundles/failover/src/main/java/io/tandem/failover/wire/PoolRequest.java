package io.tandem.failover.wire;

import java.util.Objects;

/** POOLREQ (1): asks the peer to rebalance free addresses between the servers. No options. */
public record PoolRequest(Header header) implements FailoverMessage {

    public PoolRequest {
        Objects.requireNonNull(header, "header");
    }

    @Override
    public MessageType type() {
        return MessageType.POOLREQ;
    }
}

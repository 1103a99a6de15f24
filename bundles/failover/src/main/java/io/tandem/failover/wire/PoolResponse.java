package io.tandem.failover.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * POOLRESP (2): the answer to POOLREQ, with its xid.
 *
 * @param addressesTransferred addresses-transferred (1): how many leases the sender is moving to the asker
 */
public record PoolResponse(Header header, Optional<Long> addressesTransferred) implements FailoverMessage {

    public PoolResponse {
        Objects.requireNonNull(header, "header");
        WireValues.requireIfPresent(addressesTransferred, "addresses transferred", WireValues::requireU32);
    }

    @Override
    public MessageType type() {
        return MessageType.POOLRESP;
    }
}

package io.tandem.failover.wire;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * BNDUPD (3): one binding change. Exactly one binding per message: ISC treats a repeated option as a protocol
 * error, so the draft's batched updates cannot be sent to it.
 *
 * @param binding          the binding options
 * @param startTimeOfState start-time-of-state (25): ISC sends the lease's {@code starts}
 */
public record BindingUpdate(Header header, Binding binding, Optional<Instant> startTimeOfState)
        implements FailoverMessage {

    public BindingUpdate {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(binding, "binding");
        WireValues.requireIfPresent(startTimeOfState, "start time of state", WireValues::requireTime);
    }

    @Override
    public MessageType type() {
        return MessageType.BNDUPD;
    }
}

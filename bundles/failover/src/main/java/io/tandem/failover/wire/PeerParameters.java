package io.tandem.failover.wire;

import java.time.Duration;
import java.util.Optional;

/**
 * What each side announces about itself in CONNECT and CONNECTACK (options 22, 14, 19, 28, 20, in ISC's order).
 *
 * @param relationshipName  the {@code failover peer "NAME"}; ISC compares it byte for byte with its own
 * @param maxUnackedUpdates how many BNDUPDs the sender accepts outstanding (ISC's {@code max-unacked-updates})
 * @param receiveTimer      the sender's {@code max-response-delay}: it drops a link silent for this long
 * @param vendorClass       the sender's software, e.g. {@code isc-4.4.3-P1}
 * @param protocolVersion   1; ISC does not check it
 */
public record PeerParameters(Optional<String> relationshipName, Optional<Long> maxUnackedUpdates,
        Optional<Duration> receiveTimer, Optional<String> vendorClass, Optional<Integer> protocolVersion) {

    public PeerParameters {
        WireValues.requireIfPresent(relationshipName, "relationship name", WireValues::requireText);
        WireValues.requireIfPresent(maxUnackedUpdates, "max unacked updates", WireValues::requireU32);
        WireValues.requireIfPresent(receiveTimer, "receive timer", WireValues::requireSeconds);
        WireValues.requireIfPresent(vendorClass, "vendor class", WireValues::requireText);
        WireValues.requireIfPresent(protocolVersion, "protocol version", WireValues::requireU8);
    }
}

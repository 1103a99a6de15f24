package io.tandem.failover.link;

import java.time.Duration;
import java.util.Objects;

/**
 * The link's own timers, apart from the configured max-response-delay (reference §1.1, §1.9). Production uses
 * {@link #ISC}; tests shorten them.
 *
 * @param handshakeTimeout a connection that has not completed CONNECT/CONNECTACK by then is closed; also bounds an
 *     outgoing TCP connect
 * @param reconnectDelay   the wait before the next outgoing connection after a failure or a lost link
 * @param reconnectJitter  the delay varies by up to this much either way, so that two peers restarted together do
 *     not keep colliding
 */
public record LinkTimings(Duration handshakeTimeout, Duration reconnectDelay, Duration reconnectJitter) {

    /** ISC's: 15 s to complete the handshake, a new connection about every 5 s. */
    public static final LinkTimings ISC = new LinkTimings(Duration.ofSeconds(15), Duration.ofSeconds(5),
            Duration.ofMillis(500));

    public LinkTimings {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        Objects.requireNonNull(reconnectJitter, "reconnectJitter");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout " + handshakeTimeout + " is not positive");
        }
        if (reconnectJitter.isNegative() || reconnectJitter.compareTo(reconnectDelay) >= 0) {
            throw new IllegalArgumentException("reconnect jitter " + reconnectJitter + " must be at least 0 and below "
                    + "the reconnect delay " + reconnectDelay + ", or reconnecting would become a tight loop");
        }
    }
}

package io.tandem.failover.link;

import io.netty.channel.Channel;
import io.tandem.api.FailoverRole;
import io.tandem.failover.config.FailoverSettings;
import java.time.Duration;

/** The handlers of a new connection, either direction: the decoder, then the handshake of this side's role. */
final class ConnectionSetup {

    private final FailoverSettings settings;
    private final LinkSlot slot;
    private final Duration handshakeTimeout;

    ConnectionSetup(FailoverSettings settings, LinkSlot slot, Duration handshakeTimeout) {
        this.settings = settings;
        this.slot = slot;
        this.handshakeTimeout = handshakeTimeout;
    }

    void install(Channel channel, LinkSession.Direction direction) {
        HandshakeHandler handshake = settings.role() == FailoverRole.PRIMARY
                ? new PrimaryHandshake(settings, slot, direction, handshakeTimeout)
                : new SecondaryHandshake(settings, slot, direction, handshakeTimeout);
        channel.pipeline().addLast(new FrameDecoder(), handshake);
    }
}

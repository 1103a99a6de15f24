package io.tandem.failover.link;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.config.FailoverSettingsParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The loopback pair of the link tests: the primary on 127.0.0.2, the secondary on 127.0.0.3, each on a free high
 * port, with short timers. Linux routes all of 127/8 to lo, so no setup is needed.
 */
final class Loopback {

    static final String PRIMARY = "127.0.0.2";
    static final String SECONDARY = "127.0.0.3";
    static final String NAME = "tandem-pair";
    /** Whole seconds, as the receive-timer option carries them: CONTACT every second, a silent link dropped at 3. */
    static final int MAX_RESPONSE_DELAY = 3;
    static final LinkTimings TIMINGS = new LinkTimings(Duration.ofMillis(1500), Duration.ofMillis(300),
            Duration.ofMillis(100));

    private Loopback() {
    }

    /** A port nobody listens on at {@code address} right now. */
    static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(address, port);
    }

    /** The ports of a pair. */
    record Ports(int primary, int secondary) {

        static Ports free() {
            return new Ports(freePort(PRIMARY), freePort(SECONDARY));
        }

        FailoverSettings primarySettings() {
            return Loopback.primary(PRIMARY, primary, SECONDARY, secondary, MAX_RESPONSE_DELAY);
        }

        FailoverSettings secondarySettings() {
            return Loopback.secondary(SECONDARY, secondary, PRIMARY, primary, MAX_RESPONSE_DELAY);
        }
    }

    static FailoverSettings primary(String local, int localPort, String peer, int peerPort, int maxResponseDelay) {
        Map<String, Object> properties = common(local, localPort, peer, peerPort, maxResponseDelay);
        properties.put("role", "primary");
        properties.put("mclt", "3600");
        properties.put("split", "128");
        return parse(properties);
    }

    static FailoverSettings secondary(String local, int localPort, String peer, int peerPort, int maxResponseDelay) {
        Map<String, Object> properties = common(local, localPort, peer, peerPort, maxResponseDelay);
        properties.put("role", "secondary");
        return parse(properties);
    }

    private static Map<String, Object> common(String local, int localPort, String peer, int peerPort,
            int maxResponseDelay) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("relationshipName", NAME);
        properties.put("localAddress", local);
        properties.put("localPort", String.valueOf(localPort));
        properties.put("peerAddress", peer);
        properties.put("peerPort", String.valueOf(peerPort));
        properties.put("maxResponseDelay", String.valueOf(maxResponseDelay));
        properties.put("maxUnackedUpdates", "10");
        return properties;
    }

    private static FailoverSettings parse(Map<String, Object> properties) {
        try {
            return FailoverSettingsParser.parse(properties);
        } catch (ConfigurationRejectedException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

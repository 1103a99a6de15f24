package io.tandem.io.netty;

import io.tandem.api.DhcpHandler;
import io.tandem.api.ReceivingLink;
import io.tandem.api.TrafficStatistics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link UdpServer} started for one test, with every socket bound before the test sends anything. */
final class RunningServer implements AutoCloseable {

    private final UdpServer server;

    RunningServer(ServerSettings settings, DhcpHandler engine, TrafficStatistics statistics) {
        server = new UdpServer(settings, engine, statistics, Duration.ofMillis(200));
        try {
            for (InterfaceChannel channel : server.channels()) {
                channel.bound().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            server.close();
            throw new AssertionError("server sockets not bound", e);
        }
    }

    /** The shipped default of {@code receiveBufferBytes}, as {@link TestConfig} mirrors the configuration's. */
    static final int RECEIVE_BUFFER_BYTES = new TestConfig().receiveBufferBytes();

    /** Serves loopback: requests to 127.0.0.1:port. */
    static RunningServer onLoopback(int port, int clientPort, int relayPort, int maxPending, int receiveBufferBytes,
            DhcpHandler engine, TrafficStatistics statistics) {
        return new RunningServer(new ServerSettings(List.of("lo"), port, clientPort, relayPort, maxPending,
                receiveBufferBytes), engine, statistics);
    }

    List<ReceivingLink> links() {
        return server.channels().stream().map(channel -> channel.bound().join()).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * ISC dhcrelay in the relay namespace: listens for clients on the downstream interface, forwards to the server
 * from the upstream one, and with -a adds option 82 (circuit-id = the downstream interface name).
 */
final class Dhcrelay implements AutoCloseable {

    private final Shell.Daemon daemon;

    Dhcrelay(Path directory) {
        daemon = Shell.start(Shell.inNamespace(Topology.RELAY_NS, List.of("dhcrelay", "-4", "-d", "-a",
                "-pf", directory.resolve("dhcrelay.pid").toString(),
                "-iu", Topology.RELAY_UPSTREAM_IF, "-id", Topology.RELAY_DOWNSTREAM_IF, Topology.SERVER_ADDRESS)),
                directory.resolve("dhcrelay.out"), directory);
        Eventually.awaitTrue("dhcrelay to listen on UDP 67 in " + Topology.RELAY_NS, Duration.ofSeconds(10),
                () -> Topology.udpBound(Topology.RELAY_NS, 67), this::output);
    }

    String output() {
        return "--- dhcrelay output\n" + Shell.tail(daemon.log(), 30);
    }

    @Override
    public void close() {
        daemon.stop(Duration.ofSeconds(2));
        Eventually.awaitTrue("UDP 67 to be free in " + Topology.RELAY_NS, Duration.ofSeconds(5),
                () -> !Topology.udpBound(Topology.RELAY_NS, 67), this::output);
    }
}

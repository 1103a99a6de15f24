package io.tandem.itests.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ISC dhclient on a client interface, with its own lease, pid and configuration files and the test's event
 * script, so it touches nothing outside its network namespace and its directory.
 */
final class Dhclient implements AutoCloseable {

    private final String namespace;
    private final String ifname;
    private final Path directory;
    private final Path script;
    private final Path config;
    private final ClientEvents events;
    private Shell.Daemon daemon;

    Dhclient(String namespace, String ifname, Path directory) {
        this.namespace = namespace;
        this.ifname = ifname;
        this.directory = directory;
        this.script = ClientEvents.install("dhclient-script.sh", directory);
        this.config = ClientEvents.install("dhclient.conf", directory);
        this.events = new ClientEvents(directory);
    }

    ClientEvents events() {
        return events;
    }

    /** Starts dhclient in the foreground (-d), trying once (-1): it acquires a lease and then keeps renewing it. */
    void start() {
        daemon = Shell.start(Shell.inNamespace(namespace, command("-d", "-1")), directory.resolve("dhclient.out"),
                directory);
    }

    /** Sends DHCPRELEASE (dhclient -r stops the running dhclient through the pid file first) and waits for it. */
    void release() {
        Shell.Result result = Shell.run(Shell.inNamespace(namespace, command("-r")), null, Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new AssertionError("dhclient -r failed:\n" + result.output());
        }
        if (daemon != null) {
            daemon.awaitExit(Duration.ofSeconds(10));
        }
    }

    /** Forgets the lease it holds, so that the next start begins with a plain DISCOVER (no requested address). */
    void forgetLease() {
        Shell.quietly("rm", "-f", directory.resolve("dhclient.leases").toString());
    }

    private List<String> command(String... mode) {
        List<String> command = new ArrayList<>(List.of("dhclient", "-4", "-v"));
        command.addAll(List.of(mode));
        command.addAll(List.of("-cf", config.toString(), "-lf", directory.resolve("dhclient.leases").toString(),
                "-pf", directory.resolve("dhclient.pid").toString(), "-sf", script.toString(), ifname));
        return command;
    }

    String output() {
        return "--- dhclient output\n" + Shell.tail(directory.resolve("dhclient.out"), 30);
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }
}

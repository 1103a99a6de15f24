package io.tandem.itests.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * BusyBox udhcpc on a client interface, in the foreground with the test's event script. SIGUSR1 makes it renew
 * at once; with -R, SIGTERM makes it release its lease before exiting.
 */
final class Udhcpc implements AutoCloseable {

    private final String namespace;
    private final String ifname;
    private final Path directory;
    private final Path script;
    private final ClientEvents events;
    private Shell.Daemon daemon;

    Udhcpc(String namespace, String ifname, Path directory) {
        this.namespace = namespace;
        this.ifname = ifname;
        this.directory = directory;
        this.script = ClientEvents.install("udhcpc-script.sh", directory);
        this.events = new ClientEvents(directory);
    }

    ClientEvents events() {
        return events;
    }

    /** -f foreground, -n give up after -t 5 DISCOVERs -T 2 s apart, -R release on exit. */
    void start() {
        daemon = Shell.start(Shell.inNamespace(namespace, List.of("udhcpc", "-f", "-n", "-R", "-t", "5", "-T", "2",
                "-i", ifname, "-s", script.toString())), directory.resolve("udhcpc.out"), directory);
    }

    /** SIGUSR1: renew now (a unicast DHCPREQUEST with ciaddr set). */
    void renew() {
        Shell.ok("kill", "-USR1", String.valueOf(daemon.pid()));
    }

    /** SIGTERM with -R: release the lease, deconfigure the interface and exit. */
    void releaseAndExit() {
        Shell.ok("kill", "-TERM", String.valueOf(daemon.pid()));
        daemon.awaitExit(Duration.ofSeconds(10));
    }

    String output() {
        return "--- udhcpc output\n" + Shell.tail(directory.resolve("udhcpc.out"), 30);
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }
}

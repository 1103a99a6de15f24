package io.tandem.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many clients in a row, each a DISCOVER and a REQUEST of the first offer, run in the background by
 * {@code dhcp_probe.py storm}: load on the servers while a test crashes or cuts one of them. What the clients were
 * acknowledged is read back from its output.
 */
final class ClientStorm {

    /** A lease a client was acknowledged: the address, its MAC, and the server identifier of the ACK. */
    record Acknowledged(String address, String mac, String server) {
    }

    private final Shell.Daemon daemon;
    private final Path output;

    private ClientStorm(Shell.Daemon daemon, Path output) {
        this.daemon = daemon;
        this.output = output;
    }

    /** Starts {@code count} clients on {@code ifname} in {@code namespace}, MACs counting up from {@code firstMac}. */
    static ClientStorm start(String namespace, String ifname, String firstMac, int count, Path directory) {
        return start(namespace, ifname, firstMac, count, directory, 3, Duration.ofSeconds(3));
    }

    /** As above, each message sent up to {@code tries} times, waiting {@code wait} for its reply each time. */
    static ClientStorm start(String namespace, String ifname, String firstMac, int count, Path directory, int tries,
            Duration wait) {
        return start(namespace, ifname, firstMac, count, directory, List.of(String.valueOf(tries),
                String.valueOf(wait.toMillis() / 1000.0)));
    }

    /**
     * Clients that each give their address back once acknowledged, each message sent once and its reply awaited
     * {@code wait}: a lost exchange is a miss. Runs until {@link #stop}.
     */
    static ClientStorm churn(String namespace, String ifname, String firstMac, Path directory, Duration wait) {
        return start(namespace, ifname, firstMac, 1_000_000, directory, List.of("1",
                String.valueOf(wait.toMillis() / 1000.0), "release"));
    }

    private static ClientStorm start(String namespace, String ifname, String firstMac, int count, Path directory,
            List<String> rest) {
        Path output = directory.resolve("storm-" + firstMac.replace(":", "") + "-" + System.nanoTime() + ".out");
        List<String> arguments = new ArrayList<>(List.of("storm", ifname, firstMac, String.valueOf(count)));
        arguments.addAll(rest);
        return new ClientStorm(new CraftedDhcp(directory).start(namespace, output, arguments.toArray(String[]::new)),
                output);
    }

    /** Ends the clients: the one in the middle of its exchange may be left out of the output. */
    void stop() {
        daemon.stop(Duration.ofSeconds(5));
    }

    /** Waits for the last client; fails if the script itself failed. */
    ClientStorm await(Duration timeout) {
        int exit = daemon.awaitExit(timeout);
        if (exit != 0) {
            throw new AssertionError("dhcp_probe.py storm exited " + exit + ":\n" + Shell.tail(output, 20));
        }
        return this;
    }

    /** The leases acknowledged so far. */
    List<Acknowledged> acknowledged() {
        return lines("ACK ").stream().map(line -> line.split(" "))
                .map(fields -> new Acknowledged(fields[1], fields[2], fields[3])).toList();
    }

    /** The clients left without a lease so far, one line each with the reason. */
    List<String> missed() {
        return lines("MISS ");
    }

    private List<String> lines(String prefix) {
        try {
            return Files.exists(output)
                    ? Files.readAllLines(output).stream().filter(line -> line.startsWith(prefix)).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return Shell.tail(output, 30);
    }
}

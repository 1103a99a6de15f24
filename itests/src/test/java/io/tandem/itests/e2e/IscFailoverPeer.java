package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ISC dhcpd 4.4 as one server of a failover pair, in the foreground in its namespace, logging to a file.
 * What the tests read of it is what its operator reads: its log ("I move from ... to ...") and its lease file.
 */
final class IscFailoverPeer {

    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Pattern MY_STATE = Pattern.compile("failover peer \\S+: I move from \\S+ to (\\S+)");
    private static final Pattern PEER_STATE = Pattern.compile("failover peer \\S+: peer moves from \\S+ to (\\S+)");

    private final Path directory;
    private final String namespace;
    private final String ifname;
    private final String relationship;
    private final Path config;
    private final Path leaseFile;
    private final Path log;
    private Shell.Daemon daemon;

    /**
     * @param directory a directory of its own: its configuration, lease file, PID file and log
     * @param relationship the name of its {@code failover peer} statement
     * @param dhcpdConf the text of its {@code dhcpd.conf}
     */
    IscFailoverPeer(Path directory, String namespace, String ifname, String relationship, String dhcpdConf) {
        this.directory = directory;
        this.relationship = relationship;
        this.namespace = namespace;
        this.ifname = ifname;
        this.config = directory.resolve("dhcpd.conf");
        this.leaseFile = directory.resolve("dhcpd.leases");
        this.log = directory.resolve("dhcpd.log");
        try {
            Files.createDirectories(directory);
            Files.writeString(config, dhcpdConf, StandardCharsets.UTF_8);
            if (!Files.exists(leaseFile)) {
                Files.createFile(leaseFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its dhcpd.conf, as an operator would hand it to Tandem's importer. */
    Path configFile() {
        return config;
    }

    /** Its dhcpd.leases, the file it writes as it goes. */
    Path leaseFile() {
        return leaseFile;
    }

    String name() {
        return "ISC dhcpd (" + namespace + ")";
    }

    /** Starts dhcpd over its lease file (empty at first, its own afterwards) and waits until it serves. */
    void start() {
        Preconditions.require(Map.of("dhcpd", "isc-dhcp-server"));
        int startsBefore = count("Server starting service.");
        daemon = Shell.start(Shell.inNamespace(namespace, List.of("dhcpd", "-4", "-f", "-d", "-cf", config.toString(),
                "-lf", leaseFile.toString(), "-pf", directory.resolve("dhcpd.pid").toString(), ifname)), log, directory);
        Eventually.awaitTrue(name() + " to start serving", START_WAIT, () -> {
            if (!daemon.isAlive()) {
                throw new AssertionError(name() + " exited while starting:\n" + logTail());
            }
            return count("Server starting service.") > startsBefore;
        }, this::logTail);
    }

    /** SIGTERM, as an init system stops it. */
    void stop() {
        daemon.signal("TERM");
        daemon.awaitGroupExit(Duration.ofSeconds(20));
    }

    /**
     * Puts it into partner-down as its operator does: while it is stopped, a failover state block saying
     * {@code my state partner-down} is appended to its lease file, where the last block wins when it starts.
     */
    void declarePartnerDown() {
        if (running()) {
            throw new AssertionError("dhcpd reads its lease file at start: stop it first");
        }
        String now = DateTimeFormatter.ofPattern("e yyyy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        String block = "failover peer \"" + relationship + "\" state {\n  my state partner-down at " + now
                + ";\n  partner state communications-interrupted at " + now + ";\n}\n";
        try {
            Files.writeString(leaseFile, block, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends it whatever state it is in; nothing when it is not running. */
    void kill() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(5));
        }
    }

    boolean running() {
        return daemon != null && daemon.groupAlive();
    }

    /** Its failover state as it last logged it, in its words ({@code normal}, {@code communications-interrupted}). */
    Optional<String> state() {
        return last(MY_STATE);
    }

    /** What it last logged of its peer's state. */
    Optional<String> peerState() {
        return last(PEER_STATE);
    }

    /**
     * A copy of its lease file taken now, for the pair audit: dhcpd appends to the file as leases change and
     * rewrites it now and then, and a reader must not see half a rewrite.
     */
    Path leaseFileSnapshot(Path target) {
        try {
            return Files.copy(leaseFile, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lease of {@code address} as its lease file says now: the file's last block of the address. */
    Optional<LeaseView> lease(String address) {
        return Optional.ofNullable(IscDhcpd.leasesIn(leaseFile).get(address));
    }

    /** Every lease of its lease file, the last block of each address winning. */
    List<LeaseView> leases() {
        return List.copyOf(IscDhcpd.leasesIn(leaseFile).values());
    }

    /** How many log lines contain {@code text}. */
    int count(String text) {
        return (int) logLines().stream().filter(line -> line.contains(text)).count();
    }

    String logTail() {
        return "--- " + name() + " log\n" + Shell.tail(log, 40);
    }

    private Optional<String> last(Pattern pattern) {
        String state = null;
        for (String line : logLines()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                state = matcher.group(1);
            }
        }
        return Optional.ofNullable(state);
    }

    private List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

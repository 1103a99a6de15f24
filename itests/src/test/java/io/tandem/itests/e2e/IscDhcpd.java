package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISC dhcpd 4.4 as the server under test: the known-good reference that proves the harness and the tests
 * ({@code -De2e.server=isc}). Its operator view is its lease file, where the last entry of an address wins.
 */
final class IscDhcpd implements DhcpServerUnderTest {

    private static final Pattern LEASE = Pattern.compile("(?s)lease (\\S+) \\{(.*?)\\n}");
    private static final Pattern STATE = Pattern.compile("(?m)^\\s*binding state (\\S+);");
    private static final Pattern MAC = Pattern.compile("(?m)^\\s*hardware ethernet (\\S+);");
    private static final Pattern CIRCUIT_ID = Pattern.compile("(?m)^\\s*option agent\\.circuit-id \"([^\"]*)\";");

    private final Path directory;
    private final Path config;
    private final Path leaseFile;
    private Shell.Daemon daemon;

    IscDhcpd(Path directory) {
        this.directory = directory;
        this.config = directory.resolve("dhcpd.conf");
        this.leaseFile = directory.resolve("dhcpd.leases");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(leaseFile);
            Files.createFile(leaseFile);
            Files.writeString(config, configuration(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String configuration() {
        return """
                authoritative;
                ddns-update-style none;
                ping-check false;
                default-lease-time %1$d;
                min-lease-time %2$d;
                max-lease-time %1$d;
                option dhcp-renewal-time %3$d;
                option dhcp-rebinding-time %4$d;
                option domain-name "%5$s";
                subnet 192.0.2.0 netmask 255.255.255.0 {
                  range %6$s %7$s;
                  option routers %10$s;
                  option domain-name-servers %10$s;
                }
                subnet 198.51.100.0 netmask 255.255.255.0 {
                  range %8$s %9$s;
                  option routers %11$s;
                }
                """.formatted(TestSubnets.LEASE_SECONDS, TestSubnets.MIN_LEASE_SECONDS, TestSubnets.RENEWAL_SECONDS,
                TestSubnets.REBINDING_SECONDS, TestSubnets.DOMAIN, Topology.DIRECT_POOL_FIRST,
                Topology.DIRECT_POOL_LAST, Topology.RELAYED_POOL_FIRST, Topology.RELAYED_POOL_LAST,
                Topology.SERVER_ADDRESS, Topology.RELAY_ADDRESS);
    }

    @Override
    public String name() {
        return "ISC dhcpd";
    }

    @Override
    public void start() {
        daemon = Shell.start(Shell.inNamespace(Topology.SERVER_NS, List.of("dhcpd", "-4", "-f", "-d",
                "-cf", config.toString(), "-lf", leaseFile.toString(), "-pf", directory.resolve("dhcpd.pid").toString(),
                Topology.SERVER_IF)), directory.resolve("dhcpd.log"), directory);
        Eventually.awaitTrue("dhcpd to bind UDP 67 in " + Topology.SERVER_NS, Duration.ofSeconds(20),
                () -> {
                    if (!daemon.isAlive()) {
                        throw new AssertionError("dhcpd exited while starting:\n" + logTail());
                    }
                    return Topology.udpBound(Topology.SERVER_NS, 67);
                }, this::logTail);
    }

    @Override
    public void stop() {
        daemon.signal("TERM");
        daemon.awaitGroupExit(Duration.ofSeconds(20));
    }

    @Override
    public void crash() {
        daemon.signal("KILL");
        daemon.awaitGroupExit(Duration.ofSeconds(10));
    }

    @Override
    public void kill() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(5));
        }
    }

    @Override
    public String releasedState() {
        return "FREE";
    }

    @Override
    public Optional<LeaseView> lease(String address) {
        return Optional.ofNullable(leasesByAddress().get(address));
    }

    @Override
    public List<LeaseView> leases() {
        return List.copyOf(leasesByAddress().values());
    }

    private Map<String, LeaseView> leasesByAddress() {
        return leasesIn(leaseFile);
    }

    /** The leases of an ISC lease file by address, the last block of each address winning, as dhcpd reads it. */
    static Map<String, LeaseView> leasesIn(Path leaseFile) {
        String text;
        try {
            text = Files.readString(leaseFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, LeaseView> leases = new LinkedHashMap<>();
        Matcher lease = LEASE.matcher(text);
        while (lease.find()) {
            String body = lease.group(2);
            leases.put(lease.group(1), new LeaseView(lease.group(1),
                    find(STATE, body).map(String::toUpperCase).orElse("-"),
                    find(MAC, body).orElse("-"),
                    find(CIRCUIT_ID, body).map(IscDhcpd::circuitIdSubOption).orElse("-")));
        }
        return leases;
    }

    /** The circuit-id as the sub-option bytes of option 82 (type 1, length, value), as Tandem shows them. */
    private static String circuitIdSubOption(String value) {
        byte[] id = value.getBytes(StandardCharsets.US_ASCII);
        byte[] sub = new byte[id.length + 2];
        sub[0] = 1;
        sub[1] = (byte) id.length;
        System.arraycopy(id, 0, sub, 2, id.length);
        return HexFormat.ofDelimiter(":").formatHex(sub);
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    @Override
    public String logTail() {
        return "--- " + directory.resolve("dhcpd.log") + "\n" + Shell.tail(directory.resolve("dhcpd.log"), 40);
    }
}

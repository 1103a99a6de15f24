package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tandem's distribution as the server under test, as a user runs it: the tar.gz unpacked, its etc/ files written
 * for the test network, {@code bin/karaf server} started inside the server namespace, and leases read with
 * {@code dhcp:lease} / {@code dhcp:leases} on its SSH console, as an operator would.
 */
final class TandemDistribution implements DhcpServerUnderTest {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final String USER = "e2e";
    /** What ssh or the console prints when a command did not run. */
    private static final List<String> CONSOLE_REFUSALS = List.of("Command not found", "Error executing",
            "Connection refused", "Permission denied", "Connection closed by", "Connection reset",
            "kex_exchange_identification");

    /** What ssh prints on stderr when Karaf closes a session that ended well. */
    private static final List<String> SESSION_CLOSED = List.of("Connection to 127.0.0.1 closed by remote host.",
            "client_loop: send disconnect: Broken pipe");
    /** Printed by {@code echo} after a read-only command: its answer arrived whole only if this line follows it. */
    private static final String END_OF_ANSWER = "tandem-e2e-end-of-answer";
    /** How often a read-only command is run again when the console cut its answer short. */
    private static final int READ_ATTEMPTS = 3;
    /** Names of the threads that serve a console session, from the header line of a thread dump. */
    private static final Pattern CONSOLE_THREADS =
            Pattern.compile("^\"(sshd-|pipe-|Karaf|activator-|FelixStartLevel|CM Configuration Updater)");

    private final Path home;
    private final Path consoleLog;
    private final String password;
    private final ConsoleKey consoleKey;
    private final String namespace;
    private Shell.Daemon karaf;

    /** The distribution of the end-to-end tests: the server namespace of {@link Topology}, its subnets. */
    TandemDistribution(Path archive, Path directory) {
        this(archive, directory, Topology.SERVER_NS, Map.of());
        try {
            configure();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A distribution run in {@code namespace} with {@code etcFiles} (file name to keys) written into etc/ over the
     * shipped ones; the shipped subnet files are removed, and a console user added.
     */
    TandemDistribution(Path archive, Path directory, String namespace, Map<String, Map<String, String>> etcFiles) {
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError("no Tandem distribution at " + archive + ": build it first "
                    + "(mvn -B install, or mvn -B install -pl distribution -am -DskipTests)");
        }
        this.namespace = namespace;
        try {
            Shell.ok("rm", "-rf", directory.toString());
            Files.createDirectories(directory);
            Shell.ok("tar", "-xzf", archive.toString(), "-C", directory.toString());
            try (Stream<Path> unpacked = Files.list(directory)) {
                home = unpacked.filter(p -> p.getFileName().toString().startsWith("tandem-")).findFirst()
                        .orElseThrow(() -> new AssertionError(archive + " has no tandem-* top directory"));
            }
            consoleLog = directory.resolve("karaf-console.log");
            password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path etc = home.resolve("etc");
            try (Stream<Path> files = Files.list(etc)) {
                for (Path shipped : files.filter(p -> p.getFileName().toString().startsWith("io.tandem.subnet-"))
                        .toList()) {
                    Files.delete(shipped);
                }
            }
            for (Map.Entry<String, Map<String, String>> file : etcFiles.entrySet()) {
                write(etc.resolve(file.getKey()), file.getValue());
            }
            Files.writeString(etc.resolve("users.properties"), "\n" + USER + " = " + password + ",_g_:admingroup\n"
                            + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            consoleKey = new ConsoleKey(directory);
            Files.writeString(etc.resolve("keys.properties"), consoleKey.keysProperties(USER), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end-to-end tests' network: the server interface, the engine, the direct and the relayed subnet. */
    private void configure() throws IOException {
        Path etc = home.resolve("etc");
        write(etc.resolve("io.tandem.server.cfg"), Map.of(
                "interfaces", Topology.SERVER_IF, "port", "67", "clientPort", "68", "relayPort", "67"));
        write(etc.resolve("io.tandem.engine.cfg"), Map.of(
                "offerHoldSeconds", "30", "declineHoldSeconds", "86400", "workers", "2"));
        write(etc.resolve("io.tandem.subnet-direct.cfg"), subnet(Topology.DIRECT_SUBNET,
                Topology.DIRECT_POOL_FIRST + "-" + Topology.DIRECT_POOL_LAST, Topology.SERVER_ADDRESS));
        write(etc.resolve("io.tandem.subnet-relayed.cfg"), subnet(Topology.RELAYED_SUBNET,
                Topology.RELAYED_POOL_FIRST + "-" + Topology.RELAYED_POOL_LAST, Topology.RELAY_ADDRESS));
    }

    /** Writes the store's configuration ({@code etc/io.tandem.store.cfg}); a running server applies it at its next start. */
    void configureStore(Map<String, String> keys) {
        try {
            write(home.resolve("etc").resolve("io.tandem.store.cfg"), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> subnet(String cidr, String pool, String router) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("subnet", cidr);
        keys.put("pools", pool);
        keys.put("routers", router);
        keys.put("dnsServers", Topology.SERVER_ADDRESS);
        keys.put("domainName", TestSubnets.DOMAIN);
        keys.put("leaseTime", String.valueOf(TestSubnets.LEASE_SECONDS));
        keys.put("minLeaseTime", String.valueOf(TestSubnets.MIN_LEASE_SECONDS));
        keys.put("maxLeaseTime", String.valueOf(TestSubnets.LEASE_SECONDS));
        keys.put("renewalTime", String.valueOf(TestSubnets.RENEWAL_SECONDS));
        keys.put("rebindingTime", String.valueOf(TestSubnets.REBINDING_SECONDS));
        return keys;
    }

    private static void write(Path file, Map<String, String> keys) throws IOException {
        StringBuilder text = new StringBuilder("# written by the end-to-end tests\n");
        keys.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "Tandem (" + home.getFileName() + ")";
    }

    @Override
    public void start() {
        karaf = Shell.start(Shell.inNamespace(namespace, List.of(home.resolve("bin/karaf").toString(),
                "server")), consoleLog, home);
        Eventually.awaitTrue("Tandem to bind UDP 67 in " + namespace, BOOT_TIMEOUT, () -> {
            if (!karaf.isAlive()) {
                throw new AssertionError("Karaf exited while starting:\n" + logTail());
            }
            return Topology.udpBound(namespace, 67);
        }, this::logTail);
        AtomicReference<Shell.Result> lastAnswer = new AtomicReference<>();
        Eventually.awaitTrue("the dhcp: console commands to answer", BOOT_TIMEOUT, () -> {
            lastAnswer.set(runSsh("dhcp:leases"));
            return !refused(lastAnswer.get());
        }, () -> "--- the console's last answer: " + lastAnswer.get() + "\n" + consoleRefusal() + logTail());
    }

    /**
     * What a console that refuses logins shows: one login traced by {@code ssh -v}, whether the SSH port listens,
     * the keys.properties lines that should let the user in, security.log, and karaf.log's lines of the SSH server
     * and of JAAS (a refusal seen now and then, for 120 s at a time, with nothing else logged).
     */
    private String consoleRefusal() {
        List<String> traced = new ArrayList<>(consoleKey.ssh(USER, "dhcp:status"));
        traced.add(1, "-v");
        String login;
        try {
            login = Shell.run(Shell.inNamespace(namespace, traced), null, Duration.ofSeconds(30)).output();
        } catch (AssertionError timedOut) {
            login = timedOut.getMessage();
        }
        String listening;
        try {
            listening = Shell.run(Shell.inNamespace(namespace, List.of("ss", "-tln"))).output();
        } catch (AssertionError failed) {
            listening = failed.getMessage();
        }
        String keys;
        try {
            keys = Files.readAllLines(home.resolve("etc/keys.properties"), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            keys = "(cannot read etc/keys.properties: " + e.getMessage() + ")";
        }
        List<String> sshAndJaas = logLines(line -> line.contains("sshd") || line.contains("jaas")
                || line.contains("shell.ssh"));
        return "--- ssh -v of one login\n" + Shell.last(login.lines().toList(), 40)
                + "\n--- TCP listeners in " + namespace + "\n" + listening
                + "\n--- etc/keys.properties (uncommented)\n" + keys + "\n--- data/log/security.log\n"
                + Shell.tail(home.resolve("data/log/security.log"), 20) + "\n--- karaf.log: SSH and JAAS\n"
                + Shell.last(sshAndJaas, 30) + "\n";
    }

    @Override
    public void stop() {
        karaf.signal("TERM");
        karaf.awaitGroupExit(Duration.ofSeconds(60));
        Eventually.awaitTrue("UDP 67 to be free after Karaf exited", Duration.ofSeconds(10),
                () -> !Topology.udpBound(namespace, 67), this::logTail);
    }

    @Override
    public void crash() {
        karaf.signal("KILL");
        karaf.awaitGroupExit(Duration.ofSeconds(10));
        Eventually.awaitTrue("UDP 67 to be free after Karaf was killed", Duration.ofSeconds(10),
                () -> !Topology.udpBound(namespace, 67), this::logTail);
    }

    @Override
    public void kill() {
        if (karaf != null) {
            karaf.stop(Duration.ofSeconds(30));
        }
    }

    /** Whether the server's Karaf is running (started, and neither stopped nor killed since). */
    boolean running() {
        return karaf != null && karaf.isAlive();
    }

    /** Waits until {@code dhcp:failover} shows every one of {@code lines}; {@code context} explains a failure. */
    void awaitFailover(Duration timeout, Supplier<String> context, String... lines) {
        Eventually.awaitTrue(name() + " to show " + String.join(", ", lines), timeout, () -> {
            String status = read("dhcp:failover");
            return Stream.of(lines).allMatch(status::contains);
        }, context);
    }

    /** The cells of {@code subnet}'s row in the pools table of {@code dhcp:failover}: subnet, size, FREE, BACKUP. */
    List<String> failoverPoolRow(String subnet) {
        return read("dhcp:failover").lines().filter(line -> line.contains(subnet))
                .map(line -> List.of(line.trim().split("\\s*[|│]\\s*"))).findFirst().orElse(List.of());
    }

    /**
     * {@code dhcp:failover-audit FILE} as an operator runs it, against the peer's lease file: empty if the audit is
     * clean with the states and times compared, else its report.
     */
    Optional<String> auditAgainst(Path peerLeases) {
        // On the SSH console, read a moment after the peer's file was copied: a bin/client JVM takes seconds to start.
        String report = runSsh("dhcp:failover-audit " + peerLeases).output();
        boolean clean = report.contains("states and times compared: yes") && report.contains("pair audit: clean")
                && !report.contains("Error executing");
        return clean ? Optional.empty() : Optional.of("--- audit on " + name() + "\n" + report + "\n");
    }

    /**
     * Deletes what the server keeps in its data directory (the lease store and the failover state), as a disk
     * replaced empty would, and the marker of its lease store in etc/, as the operator must for the server to
     * start with an empty store; call it while the server is stopped.
     */
    void wipeData() {
        if (karaf != null && karaf.groupAlive()) {
            throw new AssertionError("wipe the data of a stopped server, not of a running one");
        }
        Shell.ok("rm", "-rf", home.resolve("data/tandem").toString(),
                home.resolve("etc/io.tandem.store.created").toString());
    }

    /** Runs console commands (one per line) on the SSH console; fails if the console refuses them. */
    String console(String commands) {
        Shell.Result result = runSsh(commands);
        if (refused(result)) {
            throw new AssertionError("the console did not run: " + commands + "\n" + result.output() + "\n"
                    + logTail());
        }
        return result.output();
    }

    /**
     * Runs one read-only console command and returns its whole answer. Karaf 4.4 can close the SSH session while the
     * end of an answer is still on its way (a {@code dhcp:leases} once came back without its last rows), so an
     * {@code echo} of {@link #END_OF_ANSWER} follows the command, and the command runs again when that line did not
     * arrive. Only for commands that change nothing: running one twice must be harmless.
     */
    String read(String command) {
        String output = "";
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            output = console(command + "\necho " + END_OF_ANSWER);
            int end = output.lastIndexOf(END_OF_ANSWER);
            if (end >= 0) {
                return output.substring(0, end);
            }
        }
        throw new AssertionError("the console cut the answer to " + command + " short " + READ_ATTEMPTS
                + " times in a row; the last:\n" + output + "\n" + logTail());
    }

    private static boolean refused(Shell.Result result) {
        // Karaf closes the session as the last command ends, and ssh then often exits 255 with all output read.
        return (result.exitCode() != 0 && result.exitCode() != 255)
                || CONSOLE_REFUSALS.stream().anyMatch(result.output()::contains);
    }

    private Shell.Result runSsh(String commands) {
        Shell.Result result;
        try {
            result = Shell.run(Shell.inNamespace(namespace, consoleKey.ssh(USER, commands)), null,
                    Duration.ofSeconds(60));
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + stuckThreads(), timedOut);
        }
        String output = result.output().lines().filter(line -> !SESSION_CLOSED.contains(line.trim()))
                .map(line -> line + "\n").collect(Collectors.joining());
        return new Shell.Result(result.command(), result.exitCode(), output);
    }

    /**
     * The threads of the server's JVM that run Tandem's code, the SSH server's, the shell's or JAAS's, or wait for a
     * lock, from a thread dump, and every thread of the SSH server, the shell's command pipes, Karaf's activators and
     * the start level, busy or idle: what a console that does not answer is waiting for.
     */
    private String stuckThreads() {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.isRegularFile(pidFile)) {
            return "(no karaf.pid: no thread dump)";
        }
        try {
            String pid = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
            String dump = Shell.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    pid)).output();
            return "--- threads of " + name() + " running Tandem's, the SSH server's, the shell's or JAAS's code,"
                    + " blocked, or serving the console\n" + Stream.of(dump.split("\n\n"))
                    .filter(thread -> thread.contains("io.tandem") || thread.contains("BLOCKED")
                            || thread.contains("deadlock") || thread.contains("org.apache.sshd")
                            || thread.contains("org.apache.karaf.shell") || thread.contains("org.apache.karaf.jaas")
                            || CONSOLE_THREADS.matcher(thread.lines().findFirst().orElse("")).find())
                    .collect(Collectors.joining("\n\n"));
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /**
     * Runs console commands through {@code bin/client} as an operator's login shell would, without JAVA_HOME in
     * the environment (the distribution's bin/setenv finds the JDK), and returns the exit status and output
     * whatever they are.
     */
    Shell.Result operatorConsole(String commands) {
        return Shell.run(Shell.inNamespace(namespace, List.of("env", "-u", "JAVA_HOME",
                home.resolve("bin/client").toString(), "-u", USER, "-p", password, "-b")), commands + "\n",
                Duration.ofSeconds(60));
    }

    @Override
    public String releasedState() {
        return "RELEASED";
    }

    @Override
    public Optional<LeaseView> lease(String address) {
        String out = read("dhcp:lease " + address);
        if (out.contains("no lease for")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if (!address.equals(fields.get("address"))) {
            throw new AssertionError("dhcp:lease " + address + " printed something else:\n" + out);
        }
        return Optional.of(new LeaseView(address, fields.get("state"), fields.get("mac"),
                fields.getOrDefault("relay agent info", "-")));
    }

    /** Rows of {@code dhcp:leases}: Address, State, MAC, Client ID, Hostname, Start, End. */
    @Override
    public List<LeaseView> leases() {
        String out = read("dhcp:leases");
        List<LeaseView> leases = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.split("[│|]");
            if (cells.length >= 3 && cells[0].trim().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                leases.add(new LeaseView(cells[0].trim(), cells[1].trim(), cells[2].trim(), "-"));
            }
        }
        return leases;
    }

    /** The unpacked distribution: bin/, etc/, data/. */
    Path home() {
        return home;
    }

    @Override
    public String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        return "--- " + consoleLog + "\n" + Shell.tail(consoleLog, 15) + "\n--- " + log
                + " (Tandem's lines, warnings and errors)\n" + tandemLines(log, 40);
    }

    /**
     * The ERROR lines of karaf.log so far, but for one of Karaf 4.4.10's own: its features service's activator
     * sometimes starts twice within milliseconds at a first boot (1 of 37 fresh starts, three at a time here, with
     * no bundle refreshed: by Karaf's source, Config Admin's first delivery of its configuration landing after the
     * activator began the first start), and the first instance's boot install, submitting to the executor the
     * second start shut down, logs "Error installing boot features" with a RejectedExecutionException. The second
     * instance installs the boot features. That line is tolerated only with that exception and a completed install
     * after it.
     */
    List<String> logErrors() {
        List<String> lines = logLines(line -> true);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("| ERROR ") && !karafBootRestart(lines, i)) {
                errors.add(lines.get(i));
            }
        }
        return errors;
    }

    private static boolean karafBootRestart(List<String> lines, int error) {
        return lines.get(error).endsWith("| Error installing boot features") && error + 1 < lines.size()
                && lines.get(error + 1).startsWith("java.util.concurrent.RejectedExecutionException")
                && lines.get(error + 1).contains("[Terminated,")
                && lines.subList(error + 2, lines.size()).stream()
                        .anyMatch(line -> line.contains("| FeaturesServiceImpl ") && line.endsWith("| Done."));
    }

    /** The log lines so far of binding updates its peer refused, and of its peer's updates it refused. */
    List<String> refusedUpdates() {
        List<String> lines = new ArrayList<>(updatesRefusedByThePeer());
        lines.addAll(logLines("peer update refused"));
        return lines;
    }

    /** The log lines so far of binding updates of this server that its peer refused. */
    List<String> updatesRefusedByThePeer() {
        return logLines("peer refused update");
    }

    /** The lines of karaf.log so far that contain {@code text}. */
    List<String> logLines(String text) {
        return logLines(line -> line.contains(text));
    }

    private List<String> logLines(Predicate<String> wanted) {
        try {
            return Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8).stream()
                    .filter(wanted)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The last lines of karaf.log that matter here: Tandem's own (its SLF4J loggers show up under pax-logging's
     * bundle) and every warning or error, without Karaf's INFO chatter.
     */
    private static String tandemLines(Path log, int count) {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.contains("| INFO ") || line.contains("io.tandem")
                            || line.contains("pax-logging-api"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}

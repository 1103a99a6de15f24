package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The shipped systemd unit, run as systemd would run its service without systemd itself (none runs in a test
 * sandbox): its ExecStart in its WorkingDirectory with its Environment and no JAVA_HOME, in a network namespace of
 * the test's own. Tandem must serve, run with the unit's heap bound, and end on SIGTERM with a status the unit
 * counts as success, so that systemd neither restarts a clean stop nor misses a crash.
 */
public class ServiceUnitE2EIT {

    private static final String NS = "tdm-unit-srv";
    private static final String UNIT_HOME = "/opt/tandem";

    /** The keys of a unit file's [Service] section; a key given twice keeps its last value. */
    private static Map<String, String> serviceSection(Path unit) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inService = trimmed.equals("[Service]");
            } else if (inService && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int eq = trimmed.indexOf('=');
                keys.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        }
        return keys;
    }

    @Test
    public void theShippedUnitStartsTandemWithItsHeapBoundAndEndsCleanlyOnSigterm() throws Exception {
        Preconditions.require(Map.of("ip", "iproute2", "ss", "iproute2", "setsid", "util-linux", "tar", "tar",
                "pgrep", "procps"));
        Path work = Path.of("target/e2e-unit").toAbsolutePath();
        Shell.ok("rm", "-rf", work.toString());
        Files.createDirectories(work);
        Shell.ok("tar", "-xzf", DhcpClientsE2EIT.distribution().toString(), "-C", work.toString());
        Path home;
        try (Stream<Path> unpacked = Files.list(work)) {
            home = unpacked.filter(p -> p.getFileName().toString().startsWith("tandem-")).findFirst().orElseThrow();
        }
        Map<String, String> service = serviceSection(home.resolve("bin/contrib/tandem.service"));
        assertTrue(service.toString(), service.get("AmbientCapabilities").contains("CAP_NET_BIND_SERVICE"));
        assertEquals("on-failure", service.get("Restart"));
        assertTrue(service.toString(), service.get("Environment").contains("-Xmx"));

        Path etc = home.resolve("etc");
        Files.delete(etc.resolve("io.tandem.subnet-demo.cfg"));
        Files.writeString(etc.resolve("io.tandem.server.cfg"), "interfaces = lo\n");
        Files.writeString(etc.resolve("io.tandem.subnet-loopback.cfg"),
                "subnet = 127.0.0.0/8\npools = 127.0.1.10-127.0.1.250\n");
        Shell.quietly("ip", "netns", "del", NS);
        Shell.ok("ip", "netns", "add", NS);
        Shell.ok("ip", "-n", NS, "link", "set", "lo", "up");
        Shell.Daemon karaf = null;
        try {
            List<String> command = new ArrayList<>(List.of("env", "-u", "JAVA_HOME", service.get("Environment")));
            for (String word : service.get("ExecStart").split("\\s+")) {
                command.add(word.replace(UNIT_HOME, home.toString()));
            }
            Path directory = Path.of(service.get("WorkingDirectory").replace(UNIT_HOME, home.toString()));
            karaf = Shell.start(Shell.inNamespace(NS, command), work.resolve("console.log"), directory);
            Shell.Daemon started = karaf;
            Eventually.awaitTrue("Tandem started by the unit's ExecStart to bind UDP 67", Duration.ofSeconds(120),
                    () -> Topology.udpBound(NS, 67), () -> Shell.tail(started.log(), 30));

            String jvm = Shell.run(List.of("pgrep", "-a", "-f", "karaf.home=" + home)).output();
            String heap = service.get("Environment").replaceFirst("^.*(-Xmx\\S+).*$", "$1");
            assertTrue("the JVM runs with the unit's " + heap + ":\n" + jvm, jvm.contains(heap));
            assertTrue("the JVM runs with bin/setenv's exit on running out of heap:\n" + jvm,
                    jvm.contains("-XX:+ExitOnOutOfMemoryError"));
            // bin/setenv's memory defaults: a heap that starts small, the C heap trimmed (this JDK 17 has the option)
            // and two malloc arenas.
            assertTrue("the JVM runs with bin/setenv's -Xms16m and native heap trimming:\n" + jvm,
                    jvm.contains("-Xms16m") && jvm.contains("-XX:TrimNativeHeapInterval=5000"));
            String pid = jvm.lines().filter(line -> line.contains(" java ") || line.contains("/java "))
                    .map(line -> line.split(" ")[0]).findFirst().orElseThrow(() -> new AssertionError(jvm));
            String environment = Files.readString(Path.of("/proc", pid, "environ")).replace('\0', '\n');
            assertTrue("the JVM runs with bin/setenv's MALLOC_ARENA_MAX=2",
                    environment.lines().anyMatch("MALLOC_ARENA_MAX=2"::equals));

            karaf.signal("TERM");
            int status = karaf.awaitExit(Duration.ofSeconds(60));
            karaf.awaitGroupExit(Duration.ofSeconds(60));
            List<String> success = new ArrayList<>(List.of("0"));
            success.addAll(List.of(service.getOrDefault("SuccessExitStatus", "").split("\\s+")));
            assertTrue("exit status " + status + " after SIGTERM is one the unit counts as success " + success,
                    success.contains(String.valueOf(status)));
        } finally {
            if (karaf != null) {
                karaf.stop(Duration.ofSeconds(10));
            }
            Shell.quietly("ip", "netns", "del", NS);
        }
    }
}

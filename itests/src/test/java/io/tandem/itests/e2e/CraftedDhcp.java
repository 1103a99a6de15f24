package io.tandem.itests.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code dhcp_probe.py} (test resources) in a namespace, for exchanges no stock client can be made to do. */
final class CraftedDhcp {

    private final Path script;

    CraftedDhcp(Path directory) {
        this.script = ClientEvents.install("dhcp_probe.py", directory);
    }

    /** Runs one probe mode; returns the lines it printed, or fails with its complaint. */
    List<String> run(String namespace, String... arguments) {
        Shell.Result result = Shell.run(command(namespace, arguments), null, Duration.ofSeconds(40));
        if (!result.succeeded()) {
            throw new AssertionError("dhcp_probe.py " + String.join(" ", arguments) + " failed:\n" + result.output());
        }
        return result.output().lines().toList();
    }

    /** Starts one probe mode in the background, its output going to {@code log}. */
    Shell.Daemon start(String namespace, Path log, String... arguments) {
        return Shell.start(command(namespace, arguments), log, log.getParent());
    }

    private List<String> command(String namespace, String... arguments) {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(arguments));
        return Shell.inNamespace(namespace, command);
    }
}

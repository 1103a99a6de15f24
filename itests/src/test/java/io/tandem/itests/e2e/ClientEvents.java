package io.tandem.itests.e2e;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The events a DHCP client's event script recorded in {@code events.log} (one line per event:
 * {@code reason=BOUND ip=192.0.2.100 lease=300 server=192.0.2.1}), and the script itself, copied from the test
 * resources into the client's own directory so that its events land there.
 */
final class ClientEvents {

    /** One event: the client's reason (BOUND, RENEW, bound, renew, ...) and the lease it carried. */
    record Event(String reason, String ip, String lease, String server) {
    }

    private final Path log;

    ClientEvents(Path directory) {
        this.log = directory.resolve("events.log");
    }

    /** Copies a test resource into {@code directory}, executable. */
    static Path install(String resource, Path directory) {
        Path target = directory.resolve(resource);
        try (InputStream in = ClientEvents.class.getResourceAsStream("/e2e/" + resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource e2e/" + resource);
            }
            Files.createDirectories(directory);
            Files.write(target, in.readAllBytes());
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Event> all() {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(ClientEvents::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Event parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return new Event(fields.getOrDefault("reason", ""), fields.getOrDefault("ip", ""),
                fields.getOrDefault("lease", ""), fields.getOrDefault("server", ""));
    }

    /** Waits for an event with one of {@code reasons} recorded after the first {@code seen} events. */
    Event await(Set<String> reasons, int seen, Duration timeout, Supplier<String> context) {
        return Eventually.await("a client event " + reasons + " after event #" + seen, timeout, () -> {
            List<Event> events = all();
            return events.stream().skip(seen).filter(e -> reasons.contains(e.reason())).findFirst();
        }, () -> "client events so far: " + all() + "\n" + context.get());
    }

    int count() {
        return all().size();
    }

    Optional<Event> last() {
        List<Event> events = all();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }
}

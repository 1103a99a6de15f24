package io.tandem.core;

import io.tandem.api.model.Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which configuration served which subnet, kept on disk so that after a restart the same configuration wins an
 * overlap as before it ({@link SubnetArbiter}), whatever order Config Admin delivers them in. One line per PID,
 * {@code PID CIDR}; replaced whole, atomically, on every change of what serves.
 */
final class ServingRecord {

    private final Path file;

    ServingRecord(Path file) {
        this.file = file;
    }

    /** The subnet each PID served when the record was last written; empty when there is no record yet. */
    Map<String, Subnet> load() {
        Map<String, Subnet> served = new TreeMap<>();
        if (!Files.exists(file)) {
            return served;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2) {
                    served.put(fields[0], Subnet.parse(fields[1], List.of()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // A record that cannot be read only costs the tie-break after a restart: judge the files afresh.
            return new TreeMap<>();
        }
        return served;
    }

    /** Replaces the record with {@code served}; durable once it returns. */
    void save(Map<String, Subnet> served) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(served).forEach((pid, subnet) -> text.append(pid).append(' ').append(subnet).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package io.tandem.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file, kept outside the data volume (in Karaf's {@code etc/}), that records that this installation created
 * its lease store: the store file's absolute path and when it was created, one {@code key = value} line each. It
 * is written beside its name, synced and renamed into place, so it is either whole or absent. Karaf does not load
 * it: its name ends neither in {@code .cfg} nor in {@code .config}.
 */
final class FirstRunMarker {

    static final String FILE_NAME = "io.tandem.store.created";
    private static final String PATH = "path";
    private static final String CREATED = "created";

    private final Path file;

    FirstRunMarker(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** What the marker records, or empty if there is no marker. */
    Optional<Recorded> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return Optional.of(new Recorded(values.getOrDefault(PATH, "(no path recorded)"),
                values.getOrDefault(CREATED, "at an unrecorded time")));
    }

    /**
     * Records the store at {@code absoluteStore}, created {@code created} (free text, e.g. an instant), in place of
     * whatever the marker recorded.
     */
    void write(Path absoluteStore, String created) throws IOException {
        String text = "# Tandem created its lease store here. If the store's files are missing at a start, Tandem"
                + " refuses to\n# start rather than serve with no leases. Delete this file to start with an empty"
                + " store.\n"
                + PATH + " = " + absoluteStore + "\n"
                + CREATED + " = " + created + "\n";
        Path staging = file.resolveSibling(FILE_NAME + ".staging");
        try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = UTF_8.encode(text);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.syncParentOf(file);
    }

    /** The store a marker names, and when it was created, as written. */
    record Recorded(String store, String created) {

        boolean names(Path absoluteStore) {
            return store.equals(absoluteStore.toString());
        }
    }
}

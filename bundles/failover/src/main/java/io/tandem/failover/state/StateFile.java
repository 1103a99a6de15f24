package io.tandem.failover.state;

import io.tandem.api.FailoverState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The file that keeps a {@link PersistedState} across restarts (§2.2: a state change is durable before STATE
 * announces it). A write goes to a temporary file in the same directory, is synced, renamed over the old file in
 * one step and the directory synced, so a crash leaves the old state or the new one, never a mix. The content is a
 * few {@code key=value} lines ending in a CRC-32 of the lines before it; anything else is refused.
 */
public final class StateFile {

    private static final int FORMAT = 1;
    /** Far more than a valid file; a bigger one is not ours. */
    private static final int MAX_BYTES = 4096;
    private static final List<String> KEYS = List.of("format", "state", "stos", "peerState", "mclt", "crc32");

    private final Path file;

    public StateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The saved state; empty if no file was ever written. */
    public Optional<PersistedState> read() throws IOException {
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_BYTES) {
                throw damaged("larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(new String(bytes, StandardCharsets.US_ASCII)));
    }

    /** Replaces the saved state; returns once it is on disk. */
    public void write(PersistedState state) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer content = ByteBuffer.wrap(format(state).getBytes(StandardCharsets.US_ASCII));
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename itself is durable only once the directory is.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static String format(PersistedState state) {
        String body = "# Tandem failover endpoint state, rewritten before every STATE message. Do not edit.\n"
                + "format=" + FORMAT + "\n"
                + "state=" + name(state.state()) + "\n"
                + "stos=" + state.stos().getEpochSecond() + "\n"
                + "peerState=" + name(state.peerState()) + "\n"
                + "mclt=" + state.mclt().toSeconds() + "\n";
        return body + "crc32=" + crc(body) + "\n";
    }

    private PersistedState parse(String text) throws DamagedStateFileException {
        int crcLine = text.lastIndexOf("crc32=");
        if (crcLine < 0 || !text.endsWith("\n")) {
            throw damaged("truncated: no final crc32 line");
        }
        String body = text.substring(0, crcLine);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || values.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw damaged("line '" + line + "' is not a single key=value");
            }
        }
        if (!List.copyOf(values.keySet()).equals(KEYS)) {
            throw damaged("keys " + values.keySet() + " are not " + KEYS);
        }
        if (!values.get("crc32").equals(crc(body))) {
            throw damaged("checksum " + values.get("crc32") + " does not match the content (" + crc(body) + ")");
        }
        if (!values.get("format").equals(Integer.toString(FORMAT))) {
            throw damaged("format " + values.get("format") + " is not " + FORMAT);
        }
        try {
            return new PersistedState(state(values.get("state")), Instant.ofEpochSecond(Long.parseLong(values.get(
                    "stos"))), state(values.get("peerState")), Duration.ofSeconds(Long.parseLong(values.get("mclt"))));
        } catch (IllegalArgumentException e) {
            throw damaged(e.getMessage());
        }
    }

    private static String name(FailoverState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static FailoverState state(String name) {
        return FailoverState.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    private DamagedStateFileException damaged(String reason) {
        return new DamagedStateFileException(file, reason);
    }
}

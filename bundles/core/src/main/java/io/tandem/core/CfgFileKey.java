package io.tandem.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sets one key of a Karaf {@code .cfg} file in place, the way an operator's editor would, and atomically. Karaf's
 * file install writes a configuration back to its file on every update through Configuration Admin, truncating the
 * file first, while its poller may read the same file: a read in between takes the file for empty and wipes the
 * configuration (seen with a few {@code dhcp:policy use} a second). Here the file is replaced by a rename, so a
 * reader sees the old file or the new one whole, and file install carries the change into the configuration.
 * Comments and the other keys stay as they were.
 */
final class CfgFileKey {

    private CfgFileKey() {
    }

    /**
     * Sets {@code key} to {@code value} in {@code file} (an empty value when absent), replacing the line that sets
     * it, else adding one at the end; returns the file's new text.
     */
    static String set(Path file, String key, Optional<String> value) throws IOException {
        Pattern setsKey = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:\\s].*$|^\\s*" + Pattern.quote(key)
                + "\\s*$");
        String line = key + " =" + value.map(v -> " " + escaped(v)).orElse("");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        boolean replaced = false;
        for (int n = 0; n < lines.size(); n++) {
            if (setsKey.matcher(lines.get(n)).matches()) {
                lines.set(n, line);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            lines.add(line);
        }
        String text = String.join("\n", lines) + "\n";
        replace(file, text);
        return text;
    }

    /** Replaces {@code file} by one holding {@code text}, by a rename, keeping its permissions. */
    static void replace(Path file, String text) throws IOException {
        Path next = file.resolveSibling("." + file.getFileName() + ".tandem-next");
        Files.writeString(next, text, StandardCharsets.ISO_8859_1);
        PosixFileAttributeView permissions = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (permissions != null) {
            Files.setPosixFilePermissions(next, permissions.readAttributes().permissions());
        }
        try {
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            Files.deleteIfExists(next);
            throw e;
        }
    }

    /** A value as a properties file reads it back: backslashes doubled, a leading blank kept. */
    private static String escaped(String value) {
        String doubled = value.replace("\\", "\\\\");
        return doubled.startsWith(" ") ? "\\" + doubled : doubled;
    }
}

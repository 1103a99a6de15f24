package io.tandem.core;

import io.tandem.api.ConfigurationProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Tandem's files in Karaf's {@code etc/} that Karaf could not turn into a configuration. Karaf ignores such a file
 * whole (the previous configuration, if any, stays in force) and says so only with a stack trace in its log; this
 * names the file and the reason instead.
 */
final class EtcFiles {

    /** How long Karaf's file install may take to pick a new or changed file up before it counts as not loaded. */
    static final Duration PICK_UP_GRACE = Duration.ofSeconds(5);

    private EtcFiles() {
    }

    /**
     * @param etc Karaf's etc directory
     * @param loaded the file names (not paths) that back a configuration right now
     */
    static List<ConfigurationProblem> unloadable(Path etc, Set<String> loaded, Instant now) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, "io.tandem.*.{cfg,config}")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String caseClash = name.endsWith(".cfg") ? caseClash(file) : null;
                boolean settled = Files.getLastModifiedTime(file).toInstant().plus(PICK_UP_GRACE).isBefore(now);
                if (caseClash != null) {
                    problems.add(unreadable(name, caseClash + (loaded.contains(name)
                            ? "; Karaf keeps the file's previous contents in force" : "")));
                } else if (!loaded.contains(name) && settled) {
                    problems.add(unreadable(name, "Karaf did not load it (see data/log/karaf.log for why)"));
                }
            }
        } catch (IOException e) {
            problems.add(unreadable(etc.toString(), "cannot list the directory: " + e.getMessage()));
        }
        return problems;
    }

    private static ConfigurationProblem unreadable(String file, String reason) {
        return new ConfigurationProblem(ConfigurationProblem.Kind.UNREADABLE, null, file, null, reason);
    }

    /** Why Config Admin refuses {@code file}: two keys that differ only in case, or null. */
    private static String caseClash(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        Map<String, String> byLowerCase = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String other = byLowerCase.put(key.toLowerCase(Locale.ROOT), key);
            if (other != null) {
                String first = other.compareTo(key) < 0 ? other : key;
                String second = first.equals(key) ? other : key;
                return "keys " + first + " and " + second + " differ only in case, which configuration keys cannot";
            }
        }
        return null;
    }
}

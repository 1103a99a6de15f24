package io.tandem.api;

import java.util.Objects;

/**
 * Something wrong with Tandem's configuration that an operator must see: a refused value, an unknown key, a file
 * that could not be loaded, an interface that cannot be served yet. {@link #toString()} is the one line that is
 * logged and that the shell and JMX show.
 *
 * @param kind what happened to the configuration
 * @param pid the configuration PID, or null for a file that never became a configuration
 * @param name what the operator calls it: a subnet's name or a file name; null when the PID says it all
 * @param key the key at fault, or null when the whole configuration is
 * @param reason why, in words
 */
public record ConfigurationProblem(Kind kind, String pid, String name, String key, String reason) {

    /** What happened to the configuration. */
    public enum Kind {
        /** A value was refused; the last good configuration keeps serving. */
        REJECTED("configuration rejected"),
        /** A key Tandem does not know was ignored; the rest of the configuration was applied. */
        IGNORED("configuration key ignored"),
        /** A file in etc/ could not be loaded at all; nothing of it was applied. */
        UNREADABLE("configuration file not loaded"),
        /** The configuration was applied but cannot take effect yet (an interface that does not exist). */
        WAITING("configuration waiting");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    public ConfigurationProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** A refused value of {@code pid}. */
    public static ConfigurationProblem rejected(String pid, String name, String key, String reason) {
        return new ConfigurationProblem(Kind.REJECTED, pid, name, key, reason);
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(kind.words);
        append(line, "pid", pid);
        append(line, "name", name);
        append(line, "key", key);
        return line.append(" reason=\"").append(reason.replace("\"", "'")).append('"').toString();
    }

    private static void append(StringBuilder line, String label, String value) {
        if (value != null) {
            line.append(' ').append(label).append('=').append(value);
        }
    }
}

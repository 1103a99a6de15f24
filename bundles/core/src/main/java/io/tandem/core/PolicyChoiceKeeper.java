package io.tandem.core;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the operator's choice of policy ({@code dhcp:policy use}) in the engine's configuration, one choice at a
 * time, so that it holds across restarts.
 *
 * <p>When the configuration comes from a {@code .cfg} file in Karaf's etc/, the choice is written to the file
 * ({@link CfgFileKey}) and Karaf's file install carries it into the configuration, then writes the configuration
 * back to the file. That write-back reads the file and overlays the configuration as it is then: a second choice
 * written before it would be overwritten by the first. So a choice returns only once file install has read it and
 * written it back (about a second: its poll interval), and choices wait for each other.
 */
final class PolicyChoiceKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyChoiceKeeper.class);
    /** Where Karaf's file install notes the file a configuration came from, as a file: URI. */
    static final String FILE_INSTALL_FILENAME = "felix.fileinstall.filename";
    private static final Duration FILE_INSTALL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;
    /**
     * Writes of one choice before giving up on Karaf taking it up (the choice is active in memory anyway). Each
     * write-back file install makes can be read torn by its own poller, so on a loaded machine a write may be lost
     * to that more than once in a row.
     */
    private static final int WRITES = 6;

    private final ConfigurationAdmin configurations;
    private final String pid;
    private final String key;
    /** Whether file install writes configurations back to their files (Karaf: felix.fileinstall.enableConfigSave). */
    private final boolean writtenBack;

    PolicyChoiceKeeper(ConfigurationAdmin configurations, String pid, String key, boolean writtenBack) {
        this.configurations = configurations;
        this.pid = pid;
        this.key = key;
        this.writtenBack = writtenBack;
    }

    /** Keeps {@code name}, or no choice when empty; returns where it was kept. */
    synchronized String keep(Optional<String> name) throws IOException {
        Configuration configuration = configurations.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = Optional.ofNullable(configuration.getProperties())
                .orElseGet(Hashtable::new);
        String wanted = name.orElse("");
        Optional<Path> file = cfgFile(properties);
        if (file.isEmpty()) {
            if (name.isPresent()) {
                properties.put(key, name.get());
            } else {
                properties.remove(key);
            }
            configuration.update(properties);
            return "configuration " + pid;
        }
        if (wanted.equals(valueIn(properties))) {
            return file.get() + " (unchanged)";
        }
        String text = CfgFileKey.set(file.get(), key, name);
        for (int attempt = 1; attempt <= WRITES; attempt++) {
            if (attempt > 1) {
                CfgFileKey.replace(file.get(), text);
            }
            FileTime written = Files.getLastModifiedTime(file.get());
            boolean read = awaitFileInstall(() -> wanted.equals(valueNow()));
            boolean settled = !writtenBack || awaitFileInstall(
                    () -> !Files.getLastModifiedTime(file.get()).equals(written)
                            && sameLines(text, Files.readString(file.get(), StandardCharsets.ISO_8859_1)));
            if (read && settled && wanted.equals(valueNow())) {
                return file.get().toString();
            }
            // File install's poller may read the file while its own write-back has it truncated, and apply that.
            LOG.warn("allocation policy choice not taken up as written, writing the file again file=" + file.get()
                    + " name=" + (wanted.isEmpty() ? "(highest ranking)" : wanted) + " attempt=" + attempt
                    + " of=" + WRITES + " readBack=" + read + " writtenBack=" + settled);
        }
        return file.get().toString();
    }

    private boolean awaitFileInstall(Callable<Boolean> done) throws IOException {
        long deadline = System.nanoTime() + FILE_INSTALL_WAIT.toNanos();
        try {
            while (!done.call()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(POLL_MILLIS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** The same lines, whatever the blanks: file install writes a file back in its own spacing. */
    private static boolean sameLines(String expected, String actual) {
        return lines(expected).equals(lines(actual));
    }

    private static List<String> lines(String text) {
        return text.lines().map(line -> line.replaceAll("\\s+", "")).filter(line -> !line.isEmpty()).toList();
    }

    /** The key's value in the configuration as Configuration Admin holds it now. */
    private String valueNow() throws IOException {
        return valueIn(configurations.getConfiguration(pid, "?").getProperties());
    }

    private String valueIn(Dictionary<String, Object> properties) {
        return properties == null ? "" : Optional.ofNullable(properties.get(key)).map(Object::toString).orElse("")
                .trim();
    }

    /** The {@code .cfg} file in Karaf's etc/ a configuration was read from, if it was and still is there. */
    private static Optional<Path> cfgFile(Dictionary<String, Object> properties) {
        return Optional.ofNullable(properties.get(FILE_INSTALL_FILENAME)).map(Object::toString)
                .filter(name -> name.endsWith(".cfg")).map(name -> Path.of(URI.create(name)))
                .filter(Files::isRegularFile);
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Choices against a stand-in for Karaf's file install that behaves as the real one does where it matters: a poller
 * that reads the file every 50 ms and updates the configuration when it changed, and, after each update, a
 * write-back on another thread, a moment later, that reads the file again and overlays the configuration of that
 * moment on it. Choices written without waiting for the write-back lose to it.
 */
class PolicyChoiceKeeperTest {

    private static final Pattern POLICY_LINE = Pattern.compile("(?m)^policy =(.*)$");

    @TempDir
    Path etc;

    private final ScheduledExecutorService fileInstall = Executors.newScheduledThreadPool(2);
    private final Random random = new Random(7);
    private volatile Hashtable<String, Object> configuration = new Hashtable<>();
    private volatile String lastSeen = "";

    @AfterEach
    void stopFileInstall() {
        fileInstall.shutdownNow();
    }

    @Test
    void everyChoiceHoldsInTheFileAndTheConfigurationWhenItReturns() throws Exception {
        Path file = Files.writeString(etc.resolve("io.tandem.engine.cfg"), "# the policy\npolicy =\nworkers = 4\n");
        configuration.put(PolicyChoiceKeeper.FILE_INSTALL_FILENAME, file.toUri().toString());
        configuration.put("policy", "");
        configuration.put("workers", "4");
        fileInstall.scheduleWithFixedDelay(() -> poll(file), 0, 50, TimeUnit.MILLISECONDS);
        PolicyChoiceKeeper keeper = new PolicyChoiceKeeper(configurationAdmin(), "io.tandem.engine", "policy", true);

        for (int n = 0; n < 12; n++) {
            String name = n % 2 == 0 ? "stable-hash" : "affinity";
            keeper.keep(Optional.of(name));

            assertThat(configuration.get("policy")).as("configuration after choice %d", n).isEqualTo(name);
            assertThat(policyIn(Files.readString(file))).as("file after choice %d", n).isEqualTo(name);
        }
        Thread.sleep(400);
        assertThat(configuration.get("policy")).isEqualTo("affinity");
        assertThat(Files.readString(file)).isEqualTo("# the policy\npolicy = affinity\nworkers = 4\n");
    }

    /** The poller: a changed file updates the configuration, and a write-back follows on the event thread. */
    private void poll(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (text.equals(lastSeen)) {
                return;
            }
            lastSeen = text;
            String policy = policyIn(text);
            if (!policy.equals(configuration.get("policy"))) {
                Hashtable<String, Object> updated = new Hashtable<>(configuration);
                updated.put("policy", policy);
                configuration = updated;
                fileInstall.schedule(() -> writeBack(file), 20 + random.nextInt(150), TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File install's write-back: the file as it is now, with the configuration as it is now laid over it. */
    private void writeBack(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            String value = configuration.get("policy").toString();
            String written = POLICY_LINE.matcher(text).replaceFirst(Matcher.quoteReplacement(
                    "policy =" + (value.isEmpty() ? "" : " " + value)));
            Files.writeString(file, written, StandardCharsets.ISO_8859_1);
            lastSeen = written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String policyIn(String text) {
        Matcher matcher = POLICY_LINE.matcher(text);
        return matcher.find() ? matcher.group(1).trim() : "";
    }

    private ConfigurationAdmin configurationAdmin() {
        Configuration config = (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> new Hashtable<>(configuration);
                    case "update" -> {
                        configuration = new Hashtable<>(toMap((Dictionary<?, ?>) args[0]));
                        yield null;
                    }
                    default -> null;
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> method.getName()
                        .equals("getConfiguration") ? config : null);
    }

    private static Hashtable<String, Object> toMap(Dictionary<?, ?> dictionary) {
        Hashtable<String, Object> map = new Hashtable<>();
        for (var keys = dictionary.keys(); keys.hasMoreElements(); ) {
            Object key = keys.nextElement();
            map.put(key.toString(), dictionary.get(key));
        }
        return map;
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileKeyTest {

    private static final String SHIPPED = """
            # the allocation policy, by name
            #   policy = affinity
            policy =
            policyDeadlineMillis = 100
            workers = 4
            """;

    @TempDir
    Path etc;

    @Test
    void theKeysLineIsReplacedAndEverythingElseStays() throws Exception {
        Path file = Files.writeString(etc.resolve("io.tandem.engine.cfg"), SHIPPED);

        CfgFileKey.set(file, "policy", Optional.of("stable-hash"));

        assertThat(Files.readString(file)).isEqualTo(SHIPPED.replace("\npolicy =\n", "\npolicy = stable-hash\n"));
        CfgFileKey.set(file, "policy", Optional.empty());
        assertThat(Files.readString(file)).isEqualTo(SHIPPED);
    }

    @Test
    void aMissingKeyIsAddedAtTheEnd() throws Exception {
        Path file = Files.writeString(etc.resolve("io.tandem.engine.cfg"), "workers = 4\n");

        CfgFileKey.set(file, "policy", Optional.of("affinity"));

        assertThat(Files.readString(file)).isEqualTo("workers = 4\npolicy = affinity\n");
        assertThat(Files.list(etc).toList()).containsExactly(file);
    }

    /**
     * Karaf's file install polls the file while it is rewritten: a reader must never see it empty or cut short,
     * which a rewrite in place (truncate, then write) shows it often on this machine.
     */
    @Test
    void aReaderNeverSeesTheFileHalfWritten() throws Exception {
        Path file = Files.writeString(etc.resolve("io.tandem.engine.cfg"), SHIPPED);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> torn = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    String read = Files.readString(file, StandardCharsets.ISO_8859_1);
                    if (!read.contains("workers = 4\n") || !read.contains("policyDeadlineMillis = 100\n")) {
                        torn.add(read);
                    }
                } catch (java.io.IOException e) {
                    torn.add("unreadable: " + e);
                }
            }
        });
        reader.start();
        for (int n = 0; n < 3000; n++) {
            CfgFileKey.set(file, "policy", Optional.of(n % 2 == 0 ? "stable-hash" : "affinity"));
        }
        writing.set(false);
        reader.join();

        assertThat(torn).isEmpty();
        assertThat(Files.readString(file)).contains("policy = affinity\n");
    }
}

package io.tandem.failover.config;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped etc template explains every key, and both of its examples are accepted. */
class ConfigTemplateTest {

    private static final Path TEMPLATE = Path.of("../../distribution/src/main/resources/etc/"
            + "io.tandem.failover.cfg.template");

    @Test
    void everyKeyIsExplainedAndBothExamplesParse() throws IOException, ConfigurationRejectedException {
        List<String> lines = Files.readAllLines(TEMPLATE);
        for (Method key : FailoverConfig.class.getDeclaredMethods()) {
            assertThat(lines).as(key.getName()).anyMatch(line -> line.startsWith("# " + key.getName() + " "));
        }
        List<Map<String, Object>> examples = List.of(new HashMap<>(), new HashMap<>());
        int example = -1;
        for (String line : lines) {
            if (line.startsWith("# Example, ")) {
                example++;
            } else if (example >= 0 && line.matches("#\\w+ = .*")) {
                String[] kv = line.substring(1).split(" = ", 2);
                examples.get(example).put(kv[0], kv[1]);
            }
        }
        assertThat(FailoverSettingsParser.parse(examples.get(0)).role()).isEqualTo(FailoverRole.PRIMARY);
        assertThat(FailoverSettingsParser.parse(examples.get(1)).role()).isEqualTo(FailoverRole.SECONDARY);
    }
}

package io.tandem.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings one configuration is being served with, defaults filled in, as an operator reads them.
 *
 * @param section what they configure: {@code server}, {@code engine}, {@code store}, {@code subnet lan}
 * @param pid the configuration PID they came from, or null when it is built-in defaults
 * @param settings key to value, in display order; keys are the configuration keys
 */
public record SettingsInEffect(String section, String pid, Map<String, String> settings) {

    public SettingsInEffect {
        Objects.requireNonNull(section, "section");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}

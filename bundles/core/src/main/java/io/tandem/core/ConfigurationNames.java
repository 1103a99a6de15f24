package io.tandem.core;

import java.util.Map;
import java.util.Optional;

/**
 * The name an operator gave a factory configuration: the NAME of its file {@code FACTORYPID-NAME.cfg} (also what
 * {@code config:edit --factory --alias NAME} writes), else the NAME of a named configuration {@code FACTORYPID~NAME},
 * else its generated PID.
 */
final class ConfigurationNames {

    /** Set by Karaf's file install on every configuration that has a file in etc/. */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private ConfigurationNames() {
    }

    /** The name (not the path) of the etc/ file behind a configuration, if it has one. */
    static Optional<String> fileName(Map<String, ?> properties) {
        return Optional.ofNullable(properties.get(FILE_PROPERTY))
                .map(file -> String.valueOf(file).replaceFirst("^.*[/\\\\]", ""));
    }

    static String of(String factoryPid, String pid, Map<String, ?> properties) {
        Optional<String> fileName = fileName(properties);
        if (fileName.isPresent()) {
            String stem = fileName.get().replaceFirst("\\.(cfg|config)$", "");
            if (stem.startsWith(factoryPid + "-") && stem.length() > factoryPid.length() + 1) {
                return stem.substring(factoryPid.length() + 1);
            }
            return fileName.get();
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 && tilde < pid.length() - 1 ? pid.substring(tilde + 1) : pid;
    }
}

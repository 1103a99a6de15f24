package io.tandem.core;

import java.util.Map;

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

    static String of(String factoryPid, String pid, Map<String, ?> properties) {
        Object file = properties.get(FILE_PROPERTY);
        if (file != null) {
            String fileName = String.valueOf(file).replaceFirst("^.*[/\\\\]", "");
            String stem = fileName.replaceFirst("\\.(cfg|config)$", "");
            if (stem.startsWith(factoryPid + "-") && stem.length() > factoryPid.length() + 1) {
                return stem.substring(factoryPid.length() + 1);
            }
            return fileName;
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 && tilde < pid.length() - 1 ? pid.substring(tilde + 1) : pid;
    }
}

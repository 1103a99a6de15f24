package io.tandem.core;

/** A configuration value was refused. The message names the PID, the key and the reason, for logs and the shell. */
final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigurationException(String pid, String key, String reason) {
        super("configuration rejected pid=" + pid + " key=" + key + " reason=" + reason);
    }
}

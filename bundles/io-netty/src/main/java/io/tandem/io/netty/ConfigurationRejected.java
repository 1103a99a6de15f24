package io.tandem.io.netty;

/** A configuration value that cannot be served; the message is the one log line that names PID, key and reason. */
final class ConfigurationRejected extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigurationRejected(String key, String reason) {
        super("configuration rejected pid=" + ServerSettings.PID + " key=" + key + " reason=\"" + reason + "\"");
    }
}

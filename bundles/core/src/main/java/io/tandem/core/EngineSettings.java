package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated engine settings.
 *
 * @param offerHold how long an offered address stays reserved for its client
 * @param declineHold how long a declined address stays out of the pool
 * @param workers threads handling requests
 */
record EngineSettings(Duration offerHold, Duration declineHold, int workers) {

    static final EngineSettings DEFAULTS =
            new EngineSettings(Duration.ofSeconds(30), Duration.ofDays(1), Runtime.getRuntime().availableProcessors());

    static EngineSettings from(String pid, EngineConfig config) throws ConfigurationRejectedException {
        if (config.offerHoldSeconds() < 1) {
            throw new ConfigurationRejectedException(pid, null, "offerHoldSeconds", "must be at least 1");
        }
        if (config.declineHoldSeconds() < 1) {
            throw new ConfigurationRejectedException(pid, null, "declineHoldSeconds", "must be at least 1");
        }
        if (config.workers() < 0 || config.workers() > 256) {
            throw new ConfigurationRejectedException(pid, null, "workers", "must be 0 (one per processor) to 256");
        }
        int workers = config.workers() == 0 ? Runtime.getRuntime().availableProcessors() : config.workers();
        return new EngineSettings(Duration.ofSeconds(config.offerHoldSeconds()),
                Duration.ofSeconds(config.declineHoldSeconds()), workers);
    }

    /** The settings under their configuration keys, as {@code dhcp:config} shows them. */
    Map<String, String> inEffect() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("offerHoldSeconds", Long.toString(offerHold.toSeconds()));
        settings.put("declineHoldSeconds", Long.toString(declineHold.toSeconds()));
        settings.put("workers", Integer.toString(workers));
        return settings;
    }
}

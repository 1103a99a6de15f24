package io.tandem.core;

import java.time.Duration;

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

    static EngineSettings from(String pid, EngineConfig config) throws ConfigurationException {
        if (config.offerHoldSeconds() < 1) {
            throw new ConfigurationException(pid, "offerHoldSeconds", "must be at least 1");
        }
        if (config.declineHoldSeconds() < 1) {
            throw new ConfigurationException(pid, "declineHoldSeconds", "must be at least 1");
        }
        if (config.workers() < 0 || config.workers() > 256) {
            throw new ConfigurationException(pid, "workers", "must be 0 (one per processor) to 256");
        }
        int workers = config.workers() == 0 ? Runtime.getRuntime().availableProcessors() : config.workers();
        return new EngineSettings(Duration.ofSeconds(config.offerHoldSeconds()),
                Duration.ofSeconds(config.declineHoldSeconds()), workers);
    }
}

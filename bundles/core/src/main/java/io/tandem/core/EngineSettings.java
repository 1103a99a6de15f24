package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated engine settings.
 *
 * @param offerHold how long an offered address stays reserved for its client
 * @param declineHold how long a declined address stays out of the pool
 * @param workers threads handling requests
 * @param policy the allocation policy the operator chose by name; empty for the highest-ranking one
 * @param policyDeadline how long a DISCOVER waits for the policy before core's fallback answers
 * @param rehearsalClients how many clients the start's {@link Rehearsal} serves before the sockets are bound; 0 for
 *     none
 */
record EngineSettings(Duration offerHold, Duration declineHold, int workers, Optional<String> policy,
                      Duration policyDeadline, int rehearsalClients) {

    static final int MAX_REHEARSAL_CLIENTS = 1_000_000;
    static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofSeconds(30), Duration.ofDays(1),
            Runtime.getRuntime().availableProcessors(), Optional.empty(), Duration.ofMillis(100),
            EngineConfig.DEFAULT_REHEARSAL_CLIENTS);

    /** These holds and workers, the highest-ranking policy, the default deadline and no rehearsal (tests). */
    EngineSettings(Duration offerHold, Duration declineHold, int workers) {
        this(offerHold, declineHold, workers, DEFAULTS.policy(), DEFAULTS.policyDeadline(), 0);
    }

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
        if (config.policyDeadlineMillis() < 1 || config.policyDeadlineMillis() > 2_000) {
            throw new ConfigurationRejectedException(pid, null, "policyDeadlineMillis", "must be 1 to 2000");
        }
        if (config.rehearsalClients() < 0 || config.rehearsalClients() > MAX_REHEARSAL_CLIENTS) {
            throw new ConfigurationRejectedException(pid, null, "rehearsalClients",
                    "must be 0 (no rehearsal) to " + MAX_REHEARSAL_CLIENTS);
        }
        String policy = config.policy() == null ? "" : config.policy().trim();
        int workers = config.workers() == 0 ? Runtime.getRuntime().availableProcessors() : config.workers();
        return new EngineSettings(Duration.ofSeconds(config.offerHoldSeconds()),
                Duration.ofSeconds(config.declineHoldSeconds()), workers,
                policy.isEmpty() ? Optional.empty() : Optional.of(policy),
                Duration.ofMillis(config.policyDeadlineMillis()), config.rehearsalClients());
    }

    /** The settings under their configuration keys, as {@code dhcp:config} shows them. */
    Map<String, String> inEffect() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("offerHoldSeconds", Long.toString(offerHold.toSeconds()));
        settings.put("declineHoldSeconds", Long.toString(declineHold.toSeconds()));
        settings.put("workers", Integer.toString(workers));
        settings.put("policy", policy.orElse("(highest ranking)"));
        settings.put("policyDeadlineMillis", Long.toString(policyDeadline.toMillis()));
        settings.put("rehearsalClients", Integer.toString(rehearsalClients));
        return settings;
    }
}

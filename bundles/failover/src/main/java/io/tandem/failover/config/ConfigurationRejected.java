package io.tandem.failover.config;

import io.tandem.api.ConfigurationProblem;

/** A failover configuration value that cannot be served; the message is the one log line naming PID, key and reason. */
public final class ConfigurationRejected extends Exception {

    private static final long serialVersionUID = 1L;
    private final transient ConfigurationProblem problem;

    ConfigurationRejected(String key, String reason) {
        this(ConfigurationProblem.rejected(FailoverSettingsParser.PID, null, key, reason));
    }

    private ConfigurationRejected(ConfigurationProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** What the shell and the configuration report show. */
    public ConfigurationProblem problem() {
        return problem;
    }
}

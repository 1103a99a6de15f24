package io.tandem.io.netty;

import io.tandem.api.ConfigurationProblem;

/** A configuration value that cannot be served; the message is the one log line that names PID, key and reason. */
final class ConfigurationRejected extends Exception {

    private static final long serialVersionUID = 1L;
    private final transient ConfigurationProblem problem;

    ConfigurationRejected(String key, String reason) {
        this(ConfigurationProblem.rejected(ServerSettings.PID, null, key, reason));
    }

    private ConfigurationRejected(ConfigurationProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    ConfigurationProblem problem() {
        return problem;
    }
}

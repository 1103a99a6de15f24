package io.tandem.core;

import io.tandem.api.ConfigurationProblem;

/** A configuration value was refused; {@link #problem()} names the PID, the key and the reason for logs and the shell. */
final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ConfigurationProblem problem;

    ConfigurationException(String pid, String name, String key, String reason) {
        this(ConfigurationProblem.rejected(pid, name, key, reason));
    }

    ConfigurationException(ConfigurationProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    ConfigurationProblem problem() {
        return problem;
    }
}

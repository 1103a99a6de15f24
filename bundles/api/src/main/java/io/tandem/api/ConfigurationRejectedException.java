package io.tandem.api;

/**
 * A configuration value was refused; {@link #problem()} names the PID, the key and the reason, and the message is
 * the line that is logged. Thrown by the bundles' configuration parsers; the last good configuration keeps serving.
 */
public final class ConfigurationRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ConfigurationProblem problem;

    public ConfigurationRejectedException(ConfigurationProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** A refused value of {@code pid} ({@code name}: what the operator calls it, or null). */
    public ConfigurationRejectedException(String pid, String name, String key, String reason) {
        this(ConfigurationProblem.rejected(pid, name, key, reason));
    }

    public ConfigurationProblem problem() {
        return problem;
    }
}

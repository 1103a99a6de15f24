package io.tandem.core;

/**
 * Core refused a change that would break an invariant of ARCHITECTURE.md. The message is a short stable key,
 * counted as a drop reason.
 */
final class InvariantViolation extends Exception {

    private static final long serialVersionUID = 1L;

    InvariantViolation(String key) {
        super(key, null, false, false);
    }
}

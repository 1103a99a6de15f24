package io.tandem.failover.state;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one event.
 *
 * @param before the endpoint before the event
 * @param after the endpoint after it
 * @param actions what to do, in order
 */
public record Transition(EndpointState before, EndpointState after, List<Action> actions) {

    public Transition {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        actions = List.copyOf(actions);
    }

    /** True if the state file must be rewritten (and synced) before anything else is done (§2.2). */
    public boolean mustPersist() {
        return !before.persisted().equals(after.persisted());
    }

    /** True if this server's state, STOS or STARTUP flag changed: the peer must get a STATE message. */
    public boolean announces() {
        return before.state() != after.state() || !before.stos().equals(after.stos());
    }
}

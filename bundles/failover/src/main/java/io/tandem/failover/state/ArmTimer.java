package io.tandem.failover.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Arm {@code timer} to deliver its event at {@code due}. A timer belongs to the state that armed it; the machine
 * ignores one that fires after that state was left, so cancelling on a state change is an optimisation only.
 */
public record ArmTimer(Timer timer, Instant due) implements Action {

    /** The timers of §1.9 the state machine arms. */
    public enum Timer {
        /** Delivers {@link LocalEvent#STARTUP_TIMEOUT}. */
        STARTUP,
        /** Delivers {@link LocalEvent#RECOVER_WAIT_EXPIRED}. */
        RECOVER_WAIT,
        /** Delivers {@link LocalEvent#AUTO_PARTNER_DOWN_EXPIRED}. */
        AUTO_PARTNER_DOWN
    }

    public ArmTimer {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(due, "due");
    }
}

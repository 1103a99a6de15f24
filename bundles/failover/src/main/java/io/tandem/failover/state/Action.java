package io.tandem.failover.state;

/**
 * Something the protocol layer must do for a {@link Transition}, in the order given, after it has persisted the
 * new state (§2.2) and before it sends the STATE that announces it.
 */
public sealed interface Action permits Step, ArmTimer {
}

/**
 * The failover endpoint state machine as ISC dhcpd 4.4 runs it (reference §2): pure and deterministic, with no
 * sockets, clocks or threads. {@link io.tandem.failover.state.FailoverStateMachine} takes the current
 * {@link io.tandem.failover.state.EndpointState}, an {@link io.tandem.failover.state.Event} and the time, and
 * returns a {@link io.tandem.failover.state.Transition}: the next state and the {@link io.tandem.failover.state.Action}s
 * the protocol layer must carry out. {@link io.tandem.failover.state.StateFile} keeps the
 * {@link io.tandem.failover.state.PersistedState} a restart resumes from.
 *
 * <p>Private to the bundle.
 */
package io.tandem.failover.state;

package io.tandem.failover.state;

/** What moves the state machine: the peer's STATE message (§2.3) or a local event (§2.4). */
public sealed interface Event permits PeerStateReceived, LocalEvent {

    /** True if the event proves a working link to the peer (so entering RECOVER sends UPDREQALL at once). */
    boolean overLink();
}

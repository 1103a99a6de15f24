package io.tandem.api;

import io.tandem.protocol.MessageType;

/**
 * Packet counters and reply latency of the running server; provided by core, fed by packet I/O and core, read by
 * the shell and JMX. Every method is cheap, thread-safe and never blocks.
 */
public interface TrafficStatistics {

    /** A datagram decoded into a message of {@code type}. */
    void received(MessageType type);

    /** A reply of {@code type} was sent {@code latencyNanos} after its request was received. */
    void sent(MessageType type, long latencyNanos);

    /** A datagram or request was dropped; {@code reason} is a short stable key ({@code "malformed: truncated"}). */
    void dropped(String reason);

    /** The counters since the server started. */
    TrafficSnapshot snapshot();
}

package io.tandem.failover.link;

/** Why an established link ended. None of them sends DISCONNECT: ISC only closes TCP (reference §1.1). */
public enum LinkDownReason {
    /** The peer closed the connection. */
    PEER_CLOSED,
    /** The connection failed (reset, write error). */
    CONNECTION_ERROR,
    /** Nothing was received for our max-response-delay (tReceive). */
    PEER_SILENT,
    /** The peer sent bytes that are not a failover message; the stream has no boundary left to resume at. */
    MALFORMED_INPUT,
    /** The layer above closed the link ({@link LinkSession#close()}). */
    CLOSED_LOCALLY,
    /** The {@link PeerLink} was closed. */
    SHUTDOWN
}

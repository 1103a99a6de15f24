package io.tandem.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What an operator reads and does about the failover relationship, through the shell and JMX; provided by the
 * failover bundle while a relationship is configured.
 */
public interface FailoverAdministration {

    /** The relationship as it is now. */
    FailoverStatus status();

    /**
     * The operator says the peer is down (known to be off, not merely unreachable): this server moves to
     * PARTNER-DOWN and, once MCLT has passed, allocates the peer's addresses too. Wrong while the peer still
     * serves: both would then allocate the same addresses.
     */
    void partnerDown();

    /**
     * Takes this server out of service before a long stop: it announces SHUTDOWN, and a peer in NORMAL moves to
     * PARTNER-DOWN and serves every client; this server answers none until it is restarted, when it recovers every
     * binding from the peer (RECOVER) before serving again.
     */
    void shutdown();

    /**
     * Takes this server out of service for a brief stop: it announces PAUSED, and a peer in NORMAL moves to
     * COMMUNICATIONS-INTERRUPTED, serving its own addresses; this server answers no client until it is restarted,
     * when it resumes in COMMUNICATIONS-INTERRUPTED and returns to NORMAL with the peer.
     */
    void pause();

    /**
     * Writes this server's leases and failover state to {@code file} in ISC dhcpd's {@code dhcpd.leases} format,
     * for the peer's {@link #audit}. The file is replaced whole, never left half written.
     *
     * @return how many leases were written
     * @throws IOException if the file cannot be written
     */
    long exportLeases(Path file) throws IOException;

    /**
     * Audits the pair: this server's leases against the peer's, read from a {@code dhcpd.leases} file (an ISC
     * peer's own, or one a Tandem peer wrote with {@link #exportLeases}). Reports every client bound to two
     * addresses, every address bound to two clients, every lease naming a client the other server does not know,
     * and, when both servers are NORMAL, every address whose state, hardware or time fields disagree.
     *
     * @throws IOException if the file cannot be read, or is not a lease file (the message names its line and why)
     */
    PairAuditReport audit(Path peerLeaseFile) throws IOException;
}

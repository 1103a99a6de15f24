package io.tandem.itests.e2e;

import java.util.List;
import java.util.Optional;

/**
 * The DHCP server the end-to-end tests talk to, running inside {@link Topology#SERVER_NS} and serving
 * {@link Topology#SERVER_IF} with the subnets of {@link TestSubnets}. The tests see it only as a client and an
 * operator would: through DHCP and through what it shows about its leases.
 */
interface DhcpServerUnderTest {

    /** Which server this is, for messages. */
    String name();

    /** Starts the server and returns once it answers on UDP 67 (and its operator view answers). */
    void start();

    /** Stops the server the way an operator would (SIGTERM), waiting until it has exited. */
    void stop();

    /** Kills the server with SIGKILL, as a power cut or the OOM killer would, and waits until it has gone. */
    void crash();

    /** Stops it whatever state it is in; for teardown. */
    void kill();

    /** The lease of an address as the operator sees it, if the server knows one. */
    Optional<LeaseView> lease(String address);

    /**
     * The state a lease shows after its client released it: RELEASED for Tandem; ISC dhcpd without failover moves a
     * released lease straight to FREE.
     */
    String releasedState();

    /** Every lease the server shows. */
    List<LeaseView> leases();

    /** The end of the server's log, for failure messages. */
    String logTail();
}

package io.tandem.io.netty;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of packet I/O, PID {@code io.tandem.server} ({@code etc/io.tandem.server.cfg} in Karaf). There is
 * no default interface on purpose: a DHCP server must never answer on a network nobody named.
 */
@ObjectClassDefinition(
        id = ServerSettings.PID,
        name = "Tandem DHCP server sockets",
        description = "Which interfaces the DHCP server serves and on which UDP ports.")
public @interface ServerConfig {

    @AttributeDefinition(
            name = "Interfaces",
            description = "Names of the network interfaces to serve (eth1). One socket is bound to each; a value"
                    + " may also list several names separated by commas or spaces.")
    String[] interfaces();

    @AttributeDefinition(name = "Server port", description = "UDP port requests arrive on.", min = "1",
            max = "65535")
    int port() default 67;

    @AttributeDefinition(name = "Client port", description = "UDP port replies to clients are sent to.", min = "1",
            max = "65535")
    int clientPort() default 68;

    @AttributeDefinition(name = "Relay port", description = "UDP port replies to a relay agent (giaddr) are sent to.",
            min = "1", max = "65535")
    int relayPort() default 67;

    @AttributeDefinition(
            name = "Max pending requests",
            description = "Requests handed to the engine whose reply has not completed yet; above it new datagrams"
                    + " are dropped and counted as overloaded.",
            min = "1")
    int maxPendingRequests() default 10_000;

    /**
     * 4 MiB absorbs a burst (every client of a link after a power cut) and a pause while requests keep arriving: at
     * 16,000 requests/s a 30 ms pause queues about 500 datagrams, each charged about 2 KiB by the kernel.
     */
    @AttributeDefinition(
            name = "Socket receive buffer",
            description = "Bytes each socket asks the kernel for, to hold requests that arrive while the server is"
                    + " busy (a disk sync, a garbage collection). Linux grants at most net.core.rmem_max; a smaller"
                    + " grant is logged as a warning.",
            min = "1")
    int receiveBufferBytes() default 4 << 20;
}

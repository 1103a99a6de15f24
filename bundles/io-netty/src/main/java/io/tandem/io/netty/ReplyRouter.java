package io.tandem.io.netty;

import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.net.InetSocketAddress;

/**
 * Where a reply goes, after RFC 2131 §4.1, decided from the request (giaddr, ciaddr, broadcast flag) and the
 * reply's type, in this order:
 * <ol>
 * <li>giaddr set: unicast to the relay agent at giaddr, relay port.</li>
 * <li>a DHCPNAK: broadcast to 255.255.255.255, client port.</li>
 * <li>ciaddr set: unicast to ciaddr, client port (the client already has that address).</li>
 * <li>broadcast flag set: broadcast.</li>
 * <li>otherwise: broadcast as well. RFC 2131 wants a unicast to yiaddr at chaddr here, which a server can only
 *     send by adding an ARP entry or by writing raw Ethernet frames; Java has neither, so this falls back to the
 *     broadcast that every client must accept (RFC 2131 §4.1 allows it when unicast is impossible).</li>
 * </ol>
 * Broadcasts leave through the socket the request arrived on, which is bound to that interface
 * ({@link InterfaceChannel}), so a broadcast reaches exactly the receiving link.
 */
final class ReplyRouter {

    /** Why a reply goes where it goes; shown in debug logs and tests. */
    enum Reason {
        RELAY, NAK_BROADCAST, CLIENT_ADDRESS, BROADCAST_FLAG, NO_CLIENT_ADDRESS
    }

    /** A reply's destination and the rule that chose it. */
    record Route(Reason reason, InetSocketAddress destination) {
    }

    private final int clientPort;
    private final int relayPort;

    ReplyRouter(int clientPort, int relayPort) {
        this.clientPort = clientPort;
        this.relayPort = relayPort;
    }

    Route route(DhcpMessage request, DhcpMessage reply) {
        if (!request.giaddr().isAny()) {
            return new Route(Reason.RELAY, to(request.giaddr(), relayPort));
        }
        if (reply.messageType().filter(MessageType.NAK::equals).isPresent()) {
            return new Route(Reason.NAK_BROADCAST, to(Ipv4Address.BROADCAST, clientPort));
        }
        if (!request.ciaddr().isAny()) {
            return new Route(Reason.CLIENT_ADDRESS, to(request.ciaddr(), clientPort));
        }
        if (request.broadcast()) {
            return new Route(Reason.BROADCAST_FLAG, to(Ipv4Address.BROADCAST, clientPort));
        }
        return new Route(Reason.NO_CLIENT_ADDRESS, to(Ipv4Address.BROADCAST, clientPort));
    }

    private static InetSocketAddress to(Ipv4Address address, int port) {
        return new InetSocketAddress(address.toInetAddress(), port);
    }
}

package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.io.netty.ReplyRouter.Reason;
import io.tandem.io.netty.ReplyRouter.Route;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every combination of giaddr, ciaddr, broadcast flag and NAK-or-not, against RFC 2131 §4.1 as a table. */
class ReplyRouterTest {

    private static final int CLIENT_PORT = 1068;
    private static final int RELAY_PORT = 1067;
    private final ReplyRouter router = new ReplyRouter(CLIENT_PORT, RELAY_PORT);

    @ParameterizedTest(name = "giaddr={0} ciaddr={1} broadcast={2} {3} -> {4} {5}:{6}")
    @CsvSource({
        // giaddr,       ciaddr,         flag,  reply,      route,             destination,     port
        "198.51.100.1,   0.0.0.0,        false, DHCPOFFER,  RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   0.0.0.0,        true,  DHCPOFFER,  RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   203.0.113.5,    false, DHCPACK,    RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   203.0.113.5,    true,  DHCPACK,    RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   0.0.0.0,        false, DHCPNAK,    RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   0.0.0.0,        true,  DHCPNAK,    RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   203.0.113.5,    false, DHCPNAK,    RELAY,             198.51.100.1,    1067",
        "198.51.100.1,   203.0.113.5,    true,  DHCPNAK,    RELAY,             198.51.100.1,    1067",
        "0.0.0.0,        0.0.0.0,        false, DHCPNAK,    NAK_BROADCAST,     255.255.255.255, 1068",
        "0.0.0.0,        0.0.0.0,        true,  DHCPNAK,    NAK_BROADCAST,     255.255.255.255, 1068",
        "0.0.0.0,        203.0.113.5,    false, DHCPNAK,    NAK_BROADCAST,     255.255.255.255, 1068",
        "0.0.0.0,        203.0.113.5,    true,  DHCPNAK,    NAK_BROADCAST,     255.255.255.255, 1068",
        "0.0.0.0,        203.0.113.5,    false, DHCPACK,    CLIENT_ADDRESS,    203.0.113.5,     1068",
        "0.0.0.0,        203.0.113.5,    true,  DHCPACK,    CLIENT_ADDRESS,    203.0.113.5,     1068",
        "0.0.0.0,        203.0.113.5,    false, DHCPOFFER,  CLIENT_ADDRESS,    203.0.113.5,     1068",
        "0.0.0.0,        0.0.0.0,        true,  DHCPOFFER,  BROADCAST_FLAG,    255.255.255.255, 1068",
        "0.0.0.0,        0.0.0.0,        true,  DHCPACK,    BROADCAST_FLAG,    255.255.255.255, 1068",
        "0.0.0.0,        0.0.0.0,        false, DHCPOFFER,  NO_CLIENT_ADDRESS, 255.255.255.255, 1068",
        "0.0.0.0,        0.0.0.0,        false, DHCPACK,    NO_CLIENT_ADDRESS, 255.255.255.255, 1068",
    })
    void routesAsRfc2131Section41Says(String giaddr, String ciaddr, boolean broadcast, String replyType,
            Reason reason, String destination, int port) {
        DhcpMessage request = DhcpMessage.builder()
                .xid(7)
                .chaddr(HardwareAddress.parseEthernet("02:00:00:00:00:07"))
                .messageType(MessageType.REQUEST)
                .giaddr(Ipv4Address.parse(giaddr))
                .ciaddr(Ipv4Address.parse(ciaddr))
                .broadcast(broadcast)
                .build();
        DhcpMessage reply = DhcpMessage.replyTo(request).messageType(type(replyType)).build();

        Route route = router.route(request, reply);

        assertThat(route.reason()).isEqualTo(reason);
        assertThat(route.destination()).isEqualTo(
                new InetSocketAddress(Ipv4Address.parse(destination).toInetAddress(), port));
    }

    private static MessageType type(String name) {
        for (int code = 1; code <= 8; code++) {
            if (MessageType.valueOf(code).name().equals(name)) {
                return MessageType.valueOf(code);
            }
        }
        throw new IllegalArgumentException(name);
    }
}

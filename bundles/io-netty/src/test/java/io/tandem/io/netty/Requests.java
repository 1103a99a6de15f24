package io.tandem.io.netty;

import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.util.List;

/** Client and relay messages as the tests send them. */
final class Requests {

    private Requests() {
    }

    static DhcpMessage.Builder discover(int xid) {
        return client(xid).messageType(MessageType.DISCOVER);
    }

    static DhcpMessage.Builder request(int xid) {
        return client(xid).messageType(MessageType.REQUEST);
    }

    private static DhcpMessage.Builder client(int xid) {
        return DhcpMessage.builder()
                .xid(xid)
                .chaddr(HardwareAddress.of(HardwareAddress.ETHERNET,
                        new byte[] {2, 0, 0, (byte) (xid >>> 16), (byte) (xid >>> 8), (byte) xid}))
                .parameterRequestList(List.of(OptionCode.SUBNET_MASK, OptionCode.ROUTER));
    }

    static byte[] bytes(DhcpMessage.Builder message) {
        return DhcpEncoder.encode(message.build());
    }

    static Ipv4Address loopback() {
        return Ipv4Address.parse("127.0.0.1");
    }
}

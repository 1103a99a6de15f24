package io.tandem.protocol;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** Hand-made wire messages for tests. */
final class TestPackets {

    static final int XID = 0x12345678;

    private TestPackets() {
    }

    /** A BOOTREQUEST header for Ethernet 02:00:00:00:00:01 and the cookie, followed by {@code optionBytes}. */
    static byte[] withOptions(int... optionBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        for (int b : optionBytes) {
            out.write(b);
        }
        return out.toByteArray();
    }

    static byte[] header() {
        byte[] header = new byte[WireLayout.OPTIONS];
        header[WireLayout.OP] = 1;
        header[WireLayout.HTYPE] = 1;
        header[WireLayout.HLEN] = 6;
        Bytes.putI32(header, WireLayout.XID, XID);
        header[WireLayout.CHADDR] = 2;
        header[WireLayout.CHADDR + 5] = 1;
        Bytes.putI32(header, WireLayout.COOKIE, WireLayout.MAGIC_COOKIE);
        return header;
    }

    /** A typical DHCPREQUEST, like dhclient's in SELECTING state. */
    static DhcpMessage request() {
        return DhcpMessage.builder()
                .xid(XID)
                .chaddr(HardwareAddress.parseEthernet("02:00:00:00:d1:01"))
                .messageType(MessageType.REQUEST)
                .serverIdentifier(Ipv4Address.parse("192.0.2.1"))
                .requestedIpAddress(Ipv4Address.parse("192.0.2.100"))
                .hostName("tandem-fx")
                .parameterRequestList(codes(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42))
                .clientIdentifier(ClientIdentifier.of(1, new byte[] {2, 0, 0, 0, (byte) 0xd1, 1}))
                .build();
    }

    /** A typical DHCPACK answering {@link #request()}. */
    static DhcpMessage ack(DhcpMessage request) {
        return DhcpMessage.replyTo(request)
                .yiaddr(Ipv4Address.parse("192.0.2.100"))
                .messageType(MessageType.ACK)
                .serverIdentifier(Ipv4Address.parse("192.0.2.1"))
                .leaseTime(3600)
                .renewalTime(1800)
                .rebindingTime(3150)
                .subnetMask(Ipv4Address.parse("255.255.255.0"))
                .routers(List.of(Ipv4Address.parse("192.0.2.1")))
                .domainNameServers(List.of(Ipv4Address.parse("192.0.2.53"), Ipv4Address.parse("192.0.2.54")))
                .domainName("example.org")
                .broadcastAddress(Ipv4Address.parse("192.0.2.255"))
                .domainSearch(List.of("example.org", "lab.example.org"))
                .classlessStaticRoutes(List.of(
                        new ClasslessRoute(Ipv4Address.parse("10.0.0.0"), 8, Ipv4Address.parse("192.0.2.1")),
                        new ClasslessRoute(Ipv4Address.ANY, 0, Ipv4Address.parse("192.0.2.1"))))
                .build();
    }

    static List<OptionCode> codes(int... codes) {
        return Arrays.stream(codes).mapToObj(OptionCode::valueOf).toList();
    }
}

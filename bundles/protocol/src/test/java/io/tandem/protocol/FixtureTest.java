package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Golden packets captured from real dhclient, udhcpc and ISC dhcpd (src/test/resources/fixtures/README.md, which
 * is also where the expected values come from; xids change when the fixtures are recaptured). A missing fixture
 * fails these tests.
 */
class FixtureTest {

    private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.1");
    private static final HardwareAddress DHCLIENT_MAC = HardwareAddress.parseEthernet("02:00:00:00:d1:01");
    private static final HardwareAddress UDHCPC_MAC = HardwareAddress.parseEthernet("02:00:00:00:bb:01");
    private static final List<OptionCode> DHCLIENT_PRL =
            TestPackets.codes(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42);
    private static final List<OptionCode> UDHCPC_PRL = TestPackets.codes(1, 3, 6, 12, 15, 28, 42);
    @SuppressWarnings("unused") // read by @FieldSource
    private static final List<String> ALL = Fixtures.NAMES;

    private static DhcpMessage decode(String name) throws DhcpParseException {
        return DhcpDecoder.decode(Fixtures.load(name));
    }

    /** Encodings are compared without trailing zero bytes: padding after END carries nothing. */
    private static byte[] withoutTrailingPadding(byte[] message) {
        int end = message.length;
        while (end > 0 && message[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(message, end);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void reEncodingYieldsTheCapturedBytes(String name) throws DhcpParseException {
        byte[] captured = Fixtures.load(name);

        byte[] encoded = DhcpEncoder.encode(DhcpDecoder.decode(captured));

        assertThat(HexFormat.of().formatHex(withoutTrailingPadding(encoded)))
                .isEqualTo(HexFormat.of().formatHex(withoutTrailingPadding(captured)));
    }

    @Test
    void dhclientDiscover() throws DhcpParseException {
        DhcpMessage discover = decode("dhclient-discover.bin");

        assertThat(discover.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
        assertThat(discover.xid()).isEqualTo(Fixtures.documentedXid("dhclient-discover.bin"));
        assertThat(discover.chaddr()).isEqualTo(DHCLIENT_MAC);
        assertThat(discover.messageType()).contains(MessageType.DISCOVER);
        assertThat(discover.hostName()).contains("tandem-fx");
        assertThat(discover.parameterRequestList()).isEqualTo(DHCLIENT_PRL);
        assertThat(discover.clientIdentifier()).isEmpty();
        assertThat(discover.maxMessageSize()).isEmpty();
        assertThat(discover.options().codes()).containsExactly(OptionCode.MESSAGE_TYPE, OptionCode.HOST_NAME,
                OptionCode.PARAMETER_REQUEST_LIST);
        assertThat(discover.broadcast()).isFalse();
        assertThat(discover.ciaddr()).isEqualTo(Ipv4Address.ANY);
        assertThat(discover.sname()).isEmpty();
        assertThat(discover.file()).isEmpty();
    }

    @Test
    void dhclientRequestInSelectingState() throws DhcpParseException {
        DhcpMessage request = decode("dhclient-request-selecting.bin");

        assertThat(request.xid()).isEqualTo(Fixtures.documentedXid("dhclient-request-selecting.bin"));
        assertThat(request.messageType()).contains(MessageType.REQUEST);
        assertThat(request.serverIdentifier()).contains(SERVER);
        assertThat(request.requestedIpAddress()).contains(Ipv4Address.parse("192.0.2.100"));
        assertThat(request.hostName()).contains("tandem-fx");
        assertThat(request.parameterRequestList()).isEqualTo(DHCLIENT_PRL);
        assertThat(request.chaddr()).isEqualTo(DHCLIENT_MAC);
    }

    @Test
    void dhclientRequestInInitRebootState() throws DhcpParseException {
        DhcpMessage request = decode("dhclient-request-init-reboot.bin");

        assertThat(request.xid()).isEqualTo(Fixtures.documentedXid("dhclient-request-init-reboot.bin"));
        assertThat(request.messageType()).contains(MessageType.REQUEST);
        assertThat(request.serverIdentifier()).isEmpty();
        assertThat(request.requestedIpAddress()).contains(Ipv4Address.parse("192.0.2.100"));
        assertThat(request.ciaddr()).isEqualTo(Ipv4Address.ANY);
    }

    @Test
    void dhclientRelease() throws DhcpParseException {
        DhcpMessage release = decode("dhclient-release.bin");

        assertThat(release.xid()).isEqualTo(Fixtures.documentedXid("dhclient-release.bin"));
        assertThat(release.messageType()).contains(MessageType.RELEASE);
        assertThat(release.ciaddr()).isEqualTo(Ipv4Address.parse("192.0.2.100"));
        assertThat(release.serverIdentifier()).contains(SERVER);
        assertThat(release.hostName()).contains("tandem-fx");
    }

    @ParameterizedTest
    @CsvSource({"isc-offer.bin, 2, dhclient-discover.bin", "isc-ack.bin, 5, dhclient-request-selecting.bin",
        "isc-ack-init-reboot.bin, 5, dhclient-request-init-reboot.bin"})
    void iscRepliesToDhclient(String name, int type, String requestName) throws DhcpParseException {
        DhcpMessage reply = decode(name);

        assertThat(reply.op()).isEqualTo(DhcpMessage.BOOTREPLY);
        assertThat(reply.xid()).isEqualTo(Fixtures.documentedXid(name)).isEqualTo(decode(requestName).xid());
        assertThat(reply.chaddr()).isEqualTo(DHCLIENT_MAC);
        assertThat(reply.messageType()).contains(MessageType.valueOf(type));
        assertThat(reply.yiaddr()).isEqualTo(Ipv4Address.parse("192.0.2.100"));
        assertThat(reply.serverIdentifier()).contains(SERVER);
        // dhcpd grants max-lease-time 600 less the seconds the client's lease already ran (init-reboot)
        assertThat(reply.leaseTime().orElseThrow()).isBetween(590L, 600L);
        assertThat(reply.subnetMask()).contains(Ipv4Address.parse("255.255.255.0"));
        assertThat(reply.broadcastAddress()).contains(Ipv4Address.parse("192.0.2.255"));
        assertThat(reply.routers()).containsExactly(SERVER);
        assertThat(reply.domainName()).contains("tandem.test");
        assertThat(reply.domainNameServers())
                .containsExactly(Ipv4Address.parse("192.0.2.53"), Ipv4Address.parse("192.0.2.54"));
        assertThat(reply.domainSearch()).containsExactly("tandem.test", "lab.tandem.test");
    }

    @ParameterizedTest
    @CsvSource({"udhcpc-discover.bin, 1", "udhcpc-request-selecting.bin, 3"})
    void udhcpcRequests(String name, int type) throws DhcpParseException {
        DhcpMessage request = decode(name);

        assertThat(request.xid()).isEqualTo(Fixtures.documentedXid(name));
        assertThat(request.chaddr()).isEqualTo(UDHCPC_MAC);
        assertThat(request.messageType()).contains(MessageType.valueOf(type));
        assertThat(request.maxMessageSize()).hasValue(576);
        assertThat(request.parameterRequestList()).isEqualTo(UDHCPC_PRL);
        assertThat(request.hostName()).contains("tandem-fx-udhcpc");
        assertThat(request.vendorClassIdentifier()).contains("udhcp 1.35.0");
        assertThat(request.clientIdentifier()).contains(ClientIdentifier.of(1, UDHCPC_MAC.bytes()));
    }

    @Test
    void udhcpcRequestCarriesTheOfferedAddressAndServer() throws DhcpParseException {
        DhcpMessage request = decode("udhcpc-request-selecting.bin");

        assertThat(request.requestedIpAddress()).contains(Ipv4Address.parse("192.0.2.101"));
        assertThat(request.serverIdentifier()).contains(SERVER);
    }

    @ParameterizedTest
    @CsvSource({"isc-offer-udhcpc.bin, 2", "isc-ack-udhcpc.bin, 5"})
    void iscRepliesToUdhcpc(String name, int type) throws DhcpParseException {
        DhcpMessage reply = decode(name);

        assertThat(reply.xid()).isEqualTo(Fixtures.documentedXid(name)).isEqualTo(decode("udhcpc-discover.bin").xid());
        assertThat(reply.chaddr()).isEqualTo(UDHCPC_MAC);
        assertThat(reply.messageType()).contains(MessageType.valueOf(type));
        assertThat(reply.yiaddr()).isEqualTo(Ipv4Address.parse("192.0.2.101"));
        assertThat(reply.leaseTime()).hasValue(600);
        assertThat(reply.domainSearch()).isEmpty();
    }

    /** ISC orders replies like our encoder (53, 54, 51, then the PRL), so the reply encoding matches ISC's bytes. */
    @ParameterizedTest
    @CsvSource({"dhclient-discover.bin, isc-offer.bin", "dhclient-request-selecting.bin, isc-ack.bin",
        "dhclient-request-init-reboot.bin, isc-ack-init-reboot.bin",
        "udhcpc-discover.bin, isc-offer-udhcpc.bin", "udhcpc-request-selecting.bin, isc-ack-udhcpc.bin"})
    void replyEncodingReproducesIscDhcpd(String requestName, String replyName) throws DhcpParseException {
        DhcpMessage request = decode(requestName);
        byte[] captured = Fixtures.load(replyName);

        byte[] encoded = DhcpEncoder.encodeReply(DhcpDecoder.decode(captured), request);

        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(HexFormat.of().formatHex(captured));
    }

    @Test
    void aReplyBuiltFromTheRequestCopiesWhatRfc2131Says() throws DhcpParseException {
        DhcpMessage request = decode("dhclient-request-selecting.bin");
        DhcpMessage captured = decode("isc-ack.bin");

        DhcpMessage rebuilt = DhcpMessage.replyTo(request)
                .yiaddr(captured.yiaddr())
                .messageType(MessageType.ACK)
                .serverIdentifier(SERVER)
                .leaseTime(captured.leaseTime().orElseThrow())
                .subnetMask(captured.subnetMask().orElseThrow())
                .broadcastAddress(captured.broadcastAddress().orElseThrow())
                .routers(captured.routers())
                .domainName("tandem.test")
                .domainNameServers(captured.domainNameServers())
                .domainSearch(List.of("tandem.test", "lab.tandem.test"))
                .build();

        assertThat(DhcpEncoder.encodeReply(rebuilt, request)).isEqualTo(Fixtures.load("isc-ack.bin"));
    }
}

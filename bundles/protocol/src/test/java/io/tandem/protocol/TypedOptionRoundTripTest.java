package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every typed option: set typed, encode, decode, and get the same typed value and the same raw bytes. */
class TypedOptionRoundTripTest {

    private static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
    private static final Ipv4Address B = Ipv4Address.parse("198.51.100.7");

    static Stream<Arguments> typedOptions() {
        return Stream.of(
                typed(OptionCode.SUBNET_MASK, b -> b.subnetMask(Ipv4Address.parse("255.255.255.0")),
                        DhcpMessage::subnetMask, Optional.of(Ipv4Address.parse("255.255.255.0"))),
                typed(OptionCode.ROUTER, b -> b.routers(List.of(A, B)), DhcpMessage::routers, List.of(A, B)),
                typed(OptionCode.DOMAIN_NAME_SERVER, b -> b.domainNameServers(List.of(B)),
                        DhcpMessage::domainNameServers, List.of(B)),
                typed(OptionCode.HOST_NAME, b -> b.hostName("laptop-7"), DhcpMessage::hostName,
                        Optional.of("laptop-7")),
                typed(OptionCode.DOMAIN_NAME, b -> b.domainName("example.org"), DhcpMessage::domainName,
                        Optional.of("example.org")),
                typed(OptionCode.BROADCAST_ADDRESS, b -> b.broadcastAddress(A), DhcpMessage::broadcastAddress,
                        Optional.of(A)),
                typed(OptionCode.NTP_SERVERS, b -> b.ntpServers(List.of(A, B, A)), DhcpMessage::ntpServers,
                        List.of(A, B, A)),
                typed(OptionCode.REQUESTED_IP_ADDRESS, b -> b.requestedIpAddress(B), DhcpMessage::requestedIpAddress,
                        Optional.of(B)),
                typed(OptionCode.LEASE_TIME, b -> b.leaseTime(DhcpMessage.INFINITE_LEASE), DhcpMessage::leaseTime,
                        OptionalLong.of(0xffff_ffffL)),
                typed(OptionCode.MESSAGE_TYPE, b -> b.messageType(MessageType.INFORM), DhcpMessage::messageType,
                        Optional.of(MessageType.INFORM)),
                typed(OptionCode.MESSAGE_TYPE, b -> b.messageType(MessageType.valueOf(200)),
                        DhcpMessage::messageType, Optional.of(MessageType.valueOf(200))),
                typed(OptionCode.SERVER_IDENTIFIER, b -> b.serverIdentifier(A), DhcpMessage::serverIdentifier,
                        Optional.of(A)),
                typed(OptionCode.PARAMETER_REQUEST_LIST,
                        b -> b.parameterRequestList(TestPackets.codes(1, 3, 6, 121, 249)),
                        DhcpMessage::parameterRequestList, TestPackets.codes(1, 3, 6, 121, 249)),
                typed(OptionCode.MAX_MESSAGE_SIZE, b -> b.maxMessageSize(1500), DhcpMessage::maxMessageSize,
                        OptionalInt.of(1500)),
                typed(OptionCode.RENEWAL_TIME, b -> b.renewalTime(1800), DhcpMessage::renewalTime,
                        OptionalLong.of(1800)),
                typed(OptionCode.REBINDING_TIME, b -> b.rebindingTime(3150), DhcpMessage::rebindingTime,
                        OptionalLong.of(3150)),
                typed(OptionCode.VENDOR_CLASS_IDENTIFIER, b -> b.vendorClassIdentifier("MSFT 5.0"),
                        DhcpMessage::vendorClassIdentifier, Optional.of("MSFT 5.0")),
                typed(OptionCode.CLIENT_IDENTIFIER,
                        b -> b.clientIdentifier(ClientIdentifier.of(255, new byte[] {0, 0, 0, 1, 0, 4, 9, 9})),
                        DhcpMessage::clientIdentifier,
                        Optional.of(ClientIdentifier.of(255, new byte[] {0, 0, 0, 1, 0, 4, 9, 9}))),
                typed(OptionCode.TFTP_SERVER_NAME, b -> b.tftpServerName("tftp.example.org"),
                        DhcpMessage::tftpServerName, Optional.of("tftp.example.org")),
                typed(OptionCode.BOOTFILE_NAME, b -> b.bootfileName("pxelinux.0"), DhcpMessage::bootfileName,
                        Optional.of("pxelinux.0")),
                typed(OptionCode.CLIENT_FQDN,
                        b -> b.clientFqdn(
                                new ClientFqdn(ClientFqdn.FLAG_S | ClientFqdn.FLAG_E, 0, 0, "host.example.org.")),
                        DhcpMessage::clientFqdn, Optional.of(
                                new ClientFqdn(ClientFqdn.FLAG_S | ClientFqdn.FLAG_E, 0, 0, "host.example.org."))),
                typed(OptionCode.CLIENT_FQDN,
                        b -> b.clientFqdn(new ClientFqdn(ClientFqdn.FLAG_E, 255, 255, "host")),
                        DhcpMessage::clientFqdn,
                        Optional.of(new ClientFqdn(ClientFqdn.FLAG_E, 255, 255, "host"))),
                typed(OptionCode.CLIENT_FQDN,
                        b -> b.clientFqdn(new ClientFqdn(0, 0, 0, "legacy.example.org")),
                        DhcpMessage::clientFqdn, Optional.of(new ClientFqdn(0, 0, 0, "legacy.example.org"))),
                typed(OptionCode.RELAY_AGENT_INFORMATION,
                        b -> b.relayAgentInformation(relayInformation()),
                        DhcpMessage::relayAgentInformation, Optional.of(relayInformation())),
                typed(OptionCode.SUBNET_SELECTION, b -> b.subnetSelection(B), DhcpMessage::subnetSelection,
                        Optional.of(B)),
                typed(OptionCode.DOMAIN_SEARCH,
                        b -> b.domainSearch(List.of("eng.example.org", "example.org", "lab.eng.example.org", ".")),
                        DhcpMessage::domainSearch,
                        List.of("eng.example.org", "example.org", "lab.eng.example.org", ".")),
                typed(OptionCode.CLASSLESS_STATIC_ROUTE,
                        b -> b.classlessStaticRoutes(List.of(
                                new ClasslessRoute(Ipv4Address.parse("10.0.0.0"), 8, A),
                                new ClasslessRoute(Ipv4Address.parse("10.17.128.0"), 17, B),
                                new ClasslessRoute(Ipv4Address.parse("192.0.2.5"), 32, Ipv4Address.ANY),
                                new ClasslessRoute(Ipv4Address.ANY, 0, A))),
                        DhcpMessage::classlessStaticRoutes, List.of(
                                new ClasslessRoute(Ipv4Address.parse("10.0.0.0"), 8, A),
                                new ClasslessRoute(Ipv4Address.parse("10.17.128.0"), 17, B),
                                new ClasslessRoute(Ipv4Address.parse("192.0.2.5"), 32, Ipv4Address.ANY),
                                new ClasslessRoute(Ipv4Address.ANY, 0, A))));
    }

    private static RelayAgentInformation relayInformation() {
        return RelayAgentInformation.builder()
                .circuitId(new byte[] {0, 4, 0, 1, 0, 7})
                .remoteId("sw-12".getBytes(StandardCharsets.US_ASCII))
                .linkSelection(Ipv4Address.parse("10.1.0.0"))
                .subOption(9, new byte[] {0, 0, 0x0d, (byte) 0xe9, 0})
                .build();
    }

    private static Arguments typed(OptionCode code, UnaryOperator<DhcpMessage.Builder> setter,
            Function<DhcpMessage, Object> getter, Object expected) {
        return Arguments.of(code, setter, getter, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedOptions")
    void typedValueAndRawBytesSurviveEncodeAndDecode(OptionCode code, UnaryOperator<DhcpMessage.Builder> setter,
            Function<DhcpMessage, Object> getter, Object expected) throws DhcpParseException {
        DhcpMessage built = setter.apply(DhcpMessage.builder()).build();

        DhcpMessage decoded = DhcpDecoder.decode(DhcpEncoder.encode(built));

        assertThat(getter.apply(built)).isEqualTo(expected);
        assertThat(getter.apply(decoded)).isEqualTo(expected);
        assertThat(decoded.options().get(code)).get().isEqualTo(built.options().get(code).orElseThrow());
        assertThat(decoded).isEqualTo(built);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedOptions")
    void rawBytesOfATypedOptionAreAcceptedByTheRawSetter(OptionCode code, UnaryOperator<DhcpMessage.Builder> setter,
            Function<DhcpMessage, Object> getter, Object expected) {
        byte[] raw = setter.apply(DhcpMessage.builder()).build().options().get(code).orElseThrow();

        DhcpMessage viaRaw = DhcpMessage.builder().option(code, raw).build();

        assertThat(getter.apply(viaRaw)).isEqualTo(expected);
    }
}

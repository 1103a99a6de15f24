package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Size limit, option order, overload and drop order of {@link DhcpEncoder#encodeReply}. */
class ReplyEncodingTest {

    private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.1");

    private static DhcpMessage requestWith(Integer maxMessageSize, int... parameterRequestList) {
        DhcpMessage.Builder request = DhcpMessage.builder()
                .chaddr(HardwareAddress.parseEthernet("02:00:00:00:00:01"))
                .messageType(MessageType.REQUEST);
        if (maxMessageSize != null) {
            request.maxMessageSize(maxMessageSize);
        }
        if (parameterRequestList.length > 0) {
            request.parameterRequestList(TestPackets.codes(parameterRequestList));
        }
        return request.build();
    }

    private static DhcpMessage.Builder ackTo(DhcpMessage request) {
        return DhcpMessage.replyTo(request)
                .messageType(MessageType.ACK)
                .serverIdentifier(SERVER)
                .leaseTime(3600);
    }

    private static byte[] filled(int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (i * 7 + 1);
        }
        return value;
    }

    /** The option codes in the options field as they appear on the wire, instances included. */
    private static List<Integer> wireCodes(byte[] message, int from, int to) {
        List<Integer> codes = new ArrayList<>();
        int position = from;
        while (position < to && message[position] != (byte) 255) {
            if (message[position] == 0) {
                position++;
                continue;
            }
            codes.add(message[position] & 0xff);
            position += 2 + (message[position + 1] & 0xff);
        }
        return codes;
    }

    @Test
    void optionFiftySevenCountsIpAndUdpHeadersAndIsClamped() {
        assertThat(DhcpEncoder.maxReplyLength(requestWith(null))).isEqualTo(548);
        assertThat(DhcpEncoder.maxReplyLength(requestWith(300))).isEqualTo(548);
        assertThat(DhcpEncoder.maxReplyLength(requestWith(576))).isEqualTo(548);
        assertThat(DhcpEncoder.maxReplyLength(requestWith(1000))).isEqualTo(972);
        assertThat(DhcpEncoder.maxReplyLength(requestWith(1500))).isEqualTo(1472);
        assertThat(DhcpEncoder.maxReplyLength(requestWith(65535))).isEqualTo(1472);
    }

    @Test
    void messageTypeAndServerIdentifierComeFirstThenTheRequestedOrder() throws DhcpParseException {
        DhcpMessage request = requestWith(null, 6, 3, 1);
        DhcpMessage reply = DhcpMessage.replyTo(request)
                .option(OptionCode.valueOf(43), new byte[] {1, 2})
                .subnetMask(Ipv4Address.parse("255.255.255.0"))
                .routers(List.of(SERVER))
                .leaseTime(600)
                .domainNameServers(List.of(SERVER))
                .serverIdentifier(SERVER)
                .messageType(MessageType.ACK)
                .build();

        byte[] wire = DhcpEncoder.encodeReply(reply, request);

        assertThat(wireCodes(wire, WireLayout.OPTIONS, wire.length)).containsExactly(53, 54, 51, 6, 3, 1, 43);
        assertThat(wire).hasSize(WireLayout.MIN_MESSAGE_LENGTH);
        assertThat(DhcpDecoder.decode(wire).options().codes())
                .containsExactlyInAnyOrderElementsOf(reply.options().codes());
    }

    @Test
    void whatDoesNotFitGoesIntoFreeFileAndSnameFieldsFirst() throws DhcpParseException {
        DhcpMessage request = requestWith(null);
        DhcpMessage reply = ackTo(request)
                .option(OptionCode.valueOf(43), filled(250))
                .option(OptionCode.valueOf(224), filled(100))
                .option(OptionCode.valueOf(225), filled(50))
                .build();

        byte[] wire = DhcpEncoder.encodeReply(reply, request);
        DhcpMessage decoded = DhcpDecoder.decode(wire);

        assertThat(wire).hasSizeLessThanOrEqualTo(548);
        assertThat(wireCodes(wire, WireLayout.OPTIONS, wire.length)).containsExactly(53, 54, 51, 43, 52);
        assertThat(wireCodes(wire, WireLayout.FILE, WireLayout.FILE + 128)).containsExactly(224);
        assertThat(wireCodes(wire, WireLayout.SNAME, WireLayout.SNAME + 64)).containsExactly(225);
        assertThat(decoded.options()).isEqualTo(reply.options());
        assertThat(decoded.file()).isEmpty();
    }

    @Test
    void aLongOptionIsSplitAcrossAreasAndReassembled() throws DhcpParseException {
        DhcpMessage request = requestWith(null, 119);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            names.add("zone" + i + ".site" + i + ".example.org");
        }
        DhcpMessage reply = ackTo(request).domainSearch(names).build();
        assertThat(reply.options().get(OptionCode.DOMAIN_SEARCH).orElseThrow().length).isGreaterThan(300);

        byte[] wire = DhcpEncoder.encodeReply(reply, request);
        DhcpMessage decoded = DhcpDecoder.decode(wire);

        assertThat(wire).hasSizeLessThanOrEqualTo(548);
        assertThat(wireCodes(wire, WireLayout.FILE, WireLayout.FILE + 128)).containsOnly(119);
        assertThat(decoded.domainSearch()).isEqualTo(names);
    }

    @Test
    void unrequestedOptionsAreDroppedBeforeRequestedOnes() throws DhcpParseException {
        DhcpMessage request = requestWith(null, 1, 3, 6, 15);
        DhcpMessage reply = ackTo(request)
                .sname("server")
                .file("boot")
                .subnetMask(Ipv4Address.parse("255.255.255.0"))
                .option(OptionCode.valueOf(43), filled(130))
                .routers(List.of(SERVER))
                .option(OptionCode.valueOf(224), filled(130))
                .domainNameServers(List.of(SERVER, SERVER))
                .option(OptionCode.valueOf(225), filled(60))
                .domainName("example.org")
                .build();

        DhcpMessage decoded = DhcpDecoder.decode(DhcpEncoder.encodeReply(reply, request));

        assertThat(decoded.options().codes()).containsExactly(OptionCode.MESSAGE_TYPE, OptionCode.SERVER_IDENTIFIER,
                OptionCode.LEASE_TIME, OptionCode.SUBNET_MASK, OptionCode.ROUTER, OptionCode.DOMAIN_NAME_SERVER,
                OptionCode.DOMAIN_NAME, OptionCode.valueOf(43));
        assertThat(decoded.sname()).contains("server");
    }

    @Test
    void requestedOptionsAreDroppedFromTheEndOfTheParameterRequestList() throws DhcpParseException {
        DhcpMessage request = requestWith(null, 43, 1, 3, 224);
        DhcpMessage reply = ackTo(request)
                .sname("server")
                .file("boot")
                .option(OptionCode.valueOf(43), filled(200))
                .option(OptionCode.valueOf(224), filled(150))
                .routers(List.of(SERVER))
                .subnetMask(Ipv4Address.parse("255.255.255.0"))
                .option(OptionCode.valueOf(230), filled(10))
                .build();
        byte[] wire = DhcpEncoder.encodeReply(reply, request);
        DhcpMessage decoded = DhcpDecoder.decode(wire);

        assertThat(decoded.options().codes()).containsExactly(OptionCode.MESSAGE_TYPE, OptionCode.SERVER_IDENTIFIER,
                OptionCode.LEASE_TIME, OptionCode.valueOf(43), OptionCode.SUBNET_MASK, OptionCode.ROUTER);
        assertThat(wire).hasSizeLessThanOrEqualTo(548);
    }

    @Test
    void mandatoryOptionsThatDoNotFitAreAServerBug() {
        DhcpMessage request = requestWith(null);
        byte[] relayInformation = new byte[2 * 202];
        for (int subOption = 0; subOption < 2; subOption++) {
            relayInformation[subOption * 202] = (byte) (10 + subOption);
            relayInformation[subOption * 202 + 1] = (byte) 200;
        }
        DhcpMessage reply = ackTo(request)
                .sname("server")
                .file("boot")
                .option(OptionCode.RELAY_AGENT_INFORMATION, relayInformation)
                .build();

        assertThatThrownBy(() -> DhcpEncoder.encodeReply(reply, request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit in 548 bytes even with only its mandatory options");
    }

    @Test
    void longOptionsAreSplitIntoInstancesAndConcatenatedOnDecode() throws DhcpParseException {
        DhcpMessage message = DhcpMessage.builder().option(OptionCode.valueOf(224), filled(600)).build();

        byte[] wire = DhcpEncoder.encode(message);

        assertThat(wireCodes(wire, WireLayout.OPTIONS, wire.length)).containsExactly(224, 224, 224);
        assertThat(DhcpDecoder.decode(wire)).isEqualTo(message);
    }

    @Test
    void repliesAlwaysFitTheClientAndDecode() throws DhcpParseException {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            int[] requested = random.ints(random.nextInt(20), 1, 255).toArray();
            DhcpMessage request = requestWith(576 + random.nextInt(1200), requested);
            DhcpMessage.Builder reply = ackTo(request);
            if (random.nextBoolean()) {
                reply.file("pxelinux.0");
            }
            for (int option = random.nextInt(25); option > 0; option--) {
                reply.option(OptionCode.valueOf(200 + random.nextInt(50)), filled(random.nextInt(300)));
            }
            DhcpMessage built = reply.build();

            byte[] wire = DhcpEncoder.encodeReply(built, request);
            DhcpMessage decoded = DhcpDecoder.decode(wire);

            assertThat(wire.length).isLessThanOrEqualTo(DhcpEncoder.maxReplyLength(request));
            assertThat(decoded.messageType()).contains(MessageType.ACK);
            assertThat(decoded.serverIdentifier()).contains(SERVER);
            assertThat(decoded.leaseTime()).hasValue(3600);
            for (OptionCode code : decoded.options().codes()) {
                assertThat(decoded.options().get(code).orElseThrow())
                        .isEqualTo(built.options().get(code).orElseThrow());
            }
        }
    }
}

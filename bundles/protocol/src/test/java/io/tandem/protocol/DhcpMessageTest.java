package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The message model: reply builder, validation in the builder, immutability and the decoder entry points. */
class DhcpMessageTest {

    @Test
    void replyCopiesTheFieldsRfc2131NamesAndEchoesRelayInformation() {
        RelayAgentInformation relay = RelayAgentInformation.builder().circuitId(new byte[] {1}).build();
        DhcpMessage request = TestPackets.request().toBuilder()
                .hops(2).secs(9).broadcast(true).giaddr(Ipv4Address.parse("10.0.0.1"))
                .relayAgentInformation(relay)
                .build();

        DhcpMessage reply = DhcpMessage.replyTo(request).build();

        assertThat(reply.op()).isEqualTo(DhcpMessage.BOOTREPLY);
        assertThat(reply.xid()).isEqualTo(request.xid());
        assertThat(reply.chaddr()).isEqualTo(request.chaddr());
        assertThat(reply.broadcast()).isTrue();
        assertThat(reply.giaddr()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(reply.hops()).isZero();
        assertThat(reply.secs()).isZero();
        assertThat(reply.options().codes()).containsExactly(OptionCode.RELAY_AGENT_INFORMATION);
        assertThat(reply.relayAgentInformation()).contains(relay);
    }

    @Test
    void builderRejectsFramingAndIllegalRawValues() {
        DhcpMessage.Builder builder = DhcpMessage.builder();

        assertThatThrownBy(() -> builder.option(OptionCode.OPTION_OVERLOAD, new byte[] {1}))
                .hasMessageContaining("framing");
        assertThatThrownBy(() -> builder.option(OptionCode.END, new byte[0])).hasMessageContaining("framing");
        assertThatThrownBy(() -> builder.option(OptionCode.MESSAGE_TYPE, new byte[] {1, 2}))
                .hasMessage("option 53 length 2, must be 1");
        assertThatThrownBy(() -> builder.option(OptionCode.DOMAIN_SEARCH, new byte[] {(byte) 0xc0, 0}))
                .hasMessageStartingWith("option 119: compression pointer at byte 0");
        assertThatThrownBy(() -> builder.leaseTime(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.sname("x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClasslessRoute(Ipv4Address.parse("10.0.0.1"), 8, Ipv4Address.ANY))
                .hasMessage("route 10.0.0.1/8 has host bits set");
    }

    @Test
    void messagesAreImmutable() {
        DhcpMessage.Builder builder = DhcpMessage.builder().hostName("one");
        DhcpMessage message = builder.build();

        message.options().get(OptionCode.HOST_NAME).orElseThrow()[0] = 'X';
        builder.hostName("two");

        assertThat(message.hostName()).contains("one");
        assertThat(message.toBuilder().build()).isEqualTo(message).hasSameHashCodeAs(message);
    }

    @Test
    void settingAnOptionAgainKeepsItsPosition() {
        DhcpMessage message = DhcpMessage.builder().hostName("a").leaseTime(1).hostName("b").build();

        assertThat(message.options().codes()).containsExactly(OptionCode.HOST_NAME, OptionCode.LEASE_TIME);
        assertThat(message.hostName()).contains("b");
    }

    @Test
    void headerTextFields() throws DhcpParseException {
        DhcpMessage message = DhcpMessage.builder().sname("boot-server").file("pxelinux.0").build();

        DhcpMessage decoded = DhcpDecoder.decode(DhcpEncoder.encode(message));

        assertThat(decoded.sname()).contains("boot-server");
        assertThat(decoded.file()).contains("pxelinux.0");
        assertThat(decoded.toString()).contains("BOOTREQUEST");
    }

    @Test
    void decodesASliceOrAByteBufferWithoutMovingIt() throws DhcpParseException {
        byte[] wire = DhcpEncoder.encode(TestPackets.request());
        byte[] framed = new byte[wire.length + 10];
        System.arraycopy(wire, 0, framed, 4, wire.length);
        ByteBuffer buffer = ByteBuffer.wrap(wire);

        assertThat(DhcpDecoder.decode(framed, 4, wire.length)).isEqualTo(TestPackets.request());
        assertThat(DhcpDecoder.decode(buffer)).isEqualTo(TestPackets.request());
        assertThat(buffer.position()).isZero();
    }

    @Test
    void textOptionsLoseTrailingNulsSomeClientsAdd() throws DhcpParseException {
        DhcpMessage message = DhcpDecoder.decode(TestPackets.withOptions(12, 4, 'p', 'c', 0, 0, 255));

        assertThat(message.hostName()).contains("pc");
    }
}

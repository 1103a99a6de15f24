package io.tandem.failover.wire;

import static io.tandem.failover.wire.RawMessages.message;
import static io.tandem.failover.wire.RawMessages.option;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The message types and options the captures do not show, written in ISC's layout and order and compared with
 * hand-built bytes; and what the model refuses to hold because it could not be sent.
 */
class EncoderTest {

    private static final Header HEADER = new Header(Instant.ofEpochSecond(RawMessages.TIME), 7);

    private static void assertEncodesAs(FailoverMessage message, byte[] expected) throws FailoverParseException {
        assertThat(HexFormat.of().formatHex(FailoverEncoder.encode(message)))
                .isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(FailoverDecoder.decode(expected)).isEqualTo(message);
    }

    @Test
    void messagesWithoutOptionsAreTheTwelveByteHeader() throws FailoverParseException {
        assertEncodesAs(new PoolRequest(HEADER), message(1));
        assertEncodesAs(new UpdateRequestAll(HEADER), message(7));
        assertEncodesAs(new UpdateDone(HEADER), message(8));
        assertEncodesAs(new UpdateRequest(HEADER), message(9));
        assertEncodesAs(new Contact(HEADER), message(11));
        assertThat(HexFormat.of().formatHex(message(9))).isEqualTo("000c090c6b05e98d00000007");
    }

    @Test
    void poolResponse() throws FailoverParseException {
        assertEncodesAs(new PoolResponse(HEADER, Optional.of(10L)), message(2, option(1, 0, 0, 0, 10)));
    }

    @Test
    void disconnectWithReasonThenMessage() throws FailoverParseException {
        assertEncodesAs(new Disconnect(HEADER, Optional.of(RejectReason.INVALID_PARTNER), Optional.of("no")),
                message(12, option(21, 8), option(16, 'n', 'o')));
    }

    @Test
    void connectAckRefusalInIscOrder() throws FailoverParseException {
        ConnectAck refusal = new ConnectAck(HEADER, new PeerParameters(Optional.of("x"), Optional.of(10L),
                Optional.of(Duration.ofSeconds(30)), Optional.of("v"), Optional.of(1)), Optional.of(0),
                Optional.of(RejectReason.DUPLICATE_CONNECTION), Optional.of("dup"));

        assertEncodesAs(refusal, message(6, option(22, 'x'), option(14, 0, 0, 0, 10), option(19, 0, 0, 0, 30),
                option(28, 'v'), option(20, 1), option(26, 0), option(21, 7), option(16, 'd', 'u', 'p')));
    }

    @Test
    void connectWithoutHashBucketAssignment() throws FailoverParseException {
        Connect connect = new Connect(HEADER, new PeerParameters(Optional.of("x"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), Optional.of(0),
                Optional.of(Duration.ofSeconds(60)), Optional.empty());

        assertEncodesAs(connect, message(5, option(22, 'x'), option(27, 0), option(15, 0, 0, 0, 60)));
    }

    @Test
    void bindingUpdateWithEveryOptionInIscOrderThenTheOnesIscNeverSends() throws FailoverParseException {
        Binding binding = new Binding(Optional.of(Ipv4Address.parse("10.0.0.1")), Optional.of(BindingStatus.ACTIVE),
                Optional.of(ClientIdentifier.of(0, new byte[] {'c'})),
                Optional.of(HardwareAddress.of(1, new byte[] {2, 0, 0, 0, 0, 1})),
                Optional.of(Instant.ofEpochSecond(0x10)), Optional.of(Instant.ofEpochSecond(0x20)),
                Optional.of(Instant.ofEpochSecond(0x30)), Optional.of(new IpFlags(IpFlags.RESERVED | IpFlags.BOOTP)),
                Optional.of(new DdnsInfo(0x0102, "h")), Optional.of(DhcpOptionBytes.of(new byte[] {55, 1, 3})),
                Optional.of(DhcpOptionBytes.of(new byte[] {51, 4, 0, 0, 0, 60})));
        BindingUpdate update = new BindingUpdate(HEADER, binding, Optional.of(Instant.ofEpochSecond(0x40)));

        assertEncodesAs(update, message(3, option(2, 10, 0, 0, 1), option(3, 2), option(4, 0, 'c'),
                option(5, 1, 2, 0, 0, 0, 0, 1), option(13, 0, 0, 0, 0x10), option(18, 0, 0, 0, 0x20),
                option(25, 0, 0, 0, 0x40), option(6, 0, 0, 0, 0x30), option(12, 0, 3), option(9, 1, 2, 'h'),
                option(8, 55, 1, 3), option(7, 51, 4, 0, 0, 0, 60)));
        assertThat(binding.ipFlags().orElseThrow().reserved()).isTrue();
        assertThat(binding.ipFlags().orElseThrow().bootp()).isTrue();
    }

    @Test
    void bindingAckRefusalNeverCarriesStartTimeOfState() throws FailoverParseException {
        BindingAck refusal = new BindingAck(HEADER, Binding.ofAddress(Ipv4Address.parse("10.0.0.1")),
                Optional.of(RejectReason.FATAL_CONFLICT), Optional.of("m"));

        assertEncodesAs(refusal, message(4, option(2, 10, 0, 0, 1), option(21, 2), option(16, 'm')));
    }

    @Test
    void everyTypeRoundTrips() throws FailoverParseException {
        PeerParameters peer = new PeerParameters(Optional.of("fo"), Optional.of(0xffff_ffffL),
                Optional.of(Duration.ofSeconds(20)), Optional.of("tandem"), Optional.of(1));
        List<FailoverMessage> messages = List.of(new PoolRequest(HEADER), new PoolResponse(HEADER, Optional.empty()),
                new BindingUpdate(HEADER, Binding.ofAddress(Ipv4Address.BROADCAST), Optional.empty()),
                new BindingAck(HEADER, Binding.ofAddress(Ipv4Address.ANY), Optional.empty(), Optional.empty()),
                new Connect(HEADER, peer, Optional.of(0), Optional.of(Duration.ofSeconds(3600)),
                        Optional.of(HashBucketAssignment.of(new byte[32]))),
                new ConnectAck(HEADER, peer, Optional.empty(), Optional.empty(), Optional.empty()),
                new UpdateRequestAll(HEADER), new UpdateDone(HEADER), new UpdateRequest(HEADER),
                new State(new Header(Instant.ofEpochSecond(0xffff_ffffL), 0xffff_ffffL),
                        Optional.of(ServerState.RECOVER_WAIT), Optional.of(0), Optional.of(Instant.EPOCH)),
                new Contact(HEADER), new Disconnect(HEADER, Optional.of(RejectReason.UNKNOWN), Optional.empty()));

        assertThat(messages).extracting(FailoverMessage::type).containsExactly(MessageType.values());
        for (FailoverMessage message : messages) {
            assertThat(FailoverDecoder.decode(FailoverEncoder.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void aMessageLongerThanIscAcceptsIsNotEncoded() {
        ConnectAck tooLong = new ConnectAck(HEADER, new PeerParameters(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("v".repeat(2048 - 16 + 1)), Optional.empty()), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> FailoverEncoder.encode(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CONNECTACK of 2049 bytes exceeds the maximum of 2048");
    }

    @Test
    void theModelHoldsOnlyWhatTheWireCanCarry() {
        assertThatThrownBy(() -> new Header(Instant.ofEpochSecond(1, 5), 0))
                .hasMessageContaining("is not a whole second");
        assertThatThrownBy(() -> new Header(Instant.ofEpochSecond(1L << 32), 0)).hasMessageContaining("not 0-");
        assertThatThrownBy(() -> new Header(Instant.EPOCH, -1)).hasMessageContaining("xid -1 is not 0-4294967295");
        assertThatThrownBy(() -> new Header(Instant.EPOCH, 1L << 32)).hasMessageContaining("xid");
        assertThatThrownBy(() -> new ServerState(256)).hasMessage("server state 256 is not 0-255");
        assertThatThrownBy(() -> new IpFlags(0x10000)).hasMessage("IP flags 65536 is not 0-65535");
        assertThatThrownBy(() -> new Disconnect(HEADER, Optional.empty(), Optional.of("\u20ac")))
                .hasMessageContaining("outside ISO-8859-1");
        assertThatThrownBy(() -> new Connect(HEADER, new PeerParameters(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(),
                Optional.of(Duration.ofMillis(1500)), Optional.empty())).hasMessageContaining("not whole seconds");
        assertThatThrownBy(() -> new PoolResponse(HEADER, Optional.of(-1L)))
                .hasMessage("addresses transferred -1 is not 0-4294967295");
    }

    @Test
    void hashBucketLookupNeedsAllBuckets() {
        byte[] bytes = new byte[32];
        bytes[1] = 0x01; // bucket 8
        bytes[31] = (byte) 0x80; // bucket 255
        HashBucketAssignment hba = HashBucketAssignment.of(bytes);

        assertThat(hba.buckets().contains(8)).isTrue();
        assertThat(hba.buckets().contains(255)).isTrue();
        assertThat(hba.buckets().contains(0)).isFalse();
        assertThat(hba.buckets().contains(9)).isFalse();
        assertThatThrownBy(() -> hba.buckets().contains(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashBucketAssignment.of(new byte[31]).buckets())
                .isInstanceOf(IllegalStateException.class);
    }
}

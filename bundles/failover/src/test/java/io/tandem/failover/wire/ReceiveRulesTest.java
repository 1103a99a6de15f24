package io.tandem.failover.wire;

import static io.tandem.failover.wire.RawMessages.message;
import static io.tandem.failover.wire.RawMessages.option;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What ISC's parser accepts and how: skipped options, payload offset, values the protocol layer judges. */
class ReceiveRulesTest {

    private static final int BNDUPD = MessageType.BNDUPD.code();
    private static final byte[] ADDRESS = option(2, 192, 168, 77, 110);

    private static FailoverMessage decode(byte[] input) throws FailoverParseException {
        return FailoverDecoder.decode(input);
    }

    private static Binding binding(byte[] input) throws FailoverParseException {
        return ((BindingUpdate) decode(input)).binding();
    }

    @Test
    void unknownOptionCodesAreSkipped() throws FailoverParseException {
        // 10 (delayed-service) and 29 (vendor-specific-options) are defined but never read by ISC.
        byte[] input = message(BNDUPD, option(10, 1), ADDRESS, option(29, 1, 2, 3), option(30), option(0xffff, 9));
        assertThat(binding(input)).isEqualTo(Binding.ofAddress(Ipv4Address.parse("192.168.77.110")));
    }

    @Test
    void optionsNotReadInThisMessageTypeAreSkippedEvenRepeatedOrMisSized() throws FailoverParseException {
        // MCLT belongs to CONNECT: in a BNDUPD ISC skips it without looking at it.
        byte[] input = message(BNDUPD, option(15, 1), ADDRESS, option(15, 1, 2, 3, 4, 5), option(24, 2));
        assertThat(binding(input)).isEqualTo(Binding.ofAddress(Ipv4Address.parse("192.168.77.110")));
    }

    @Test
    void optionsAreReadFromThePayloadOffsetSkippingWhatLiesBefore() throws FailoverParseException {
        byte[] gap = option(2, 10, 0, 0, 1); // would be a second address if it were read
        byte[] input = message(BNDUPD, 20, gap, ADDRESS);
        assertThat(binding(input).address()).contains(Ipv4Address.parse("192.168.77.110"));
    }

    @Test
    void aMessageDigestAsTheLastOptionIsIgnored() throws FailoverParseException {
        byte[] input = message(BNDUPD, ADDRESS, option(17, 1, 2, 3, 4));
        assertThat(binding(input)).isEqualTo(Binding.ofAddress(Ipv4Address.parse("192.168.77.110")));
    }

    @Test
    void payloadOffsetAtTheEndMeansNoOptions() throws FailoverParseException {
        assertThat(decode(message(MessageType.CONTACT.code()))).isEqualTo(
                new Contact(new Header(Instant.ofEpochSecond(RawMessages.TIME), 7)));
    }

    @Test
    void absentOptionsAreReportedAbsentNotRefused() throws FailoverParseException {
        // ISC answers a CONNECT without name, MCLT or HBA with a CONNECTACK reject; that is the protocol layer's.
        Connect connect = (Connect) decode(message(MessageType.CONNECT.code()));
        assertThat(connect.peer()).isEqualTo(new PeerParameters(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(connect.mclt()).isEmpty();
        assertThat(connect.hashBucketAssignment()).isEmpty();
    }

    @Test
    void aHashBucketAssignmentOfAnyLengthReachesTheProtocolLayer() throws FailoverParseException {
        Connect connect = (Connect) decode(message(MessageType.CONNECT.code(), option(11, new int[31]),
                option(15, 0, 0, 0, 60)));
        assertThat(connect.hashBucketAssignment().orElseThrow().isComplete()).isFalse(); // ISC: reject reason 18
        assertThat(connect.mclt()).contains(Duration.ofSeconds(60));
    }

    @Test
    void undefinedCodesOfTypedValuesAreKept() throws FailoverParseException {
        State state = (State) decode(message(MessageType.STATE.code(), option(24, 77), option(23, 0x81)));
        assertThat(state.serverState()).contains(new ServerState(77));
        assertThat(state.serverState().orElseThrow().isKnown()).isFalse();
        assertThat(state.serverState().orElseThrow()).hasToString("undefined(77)");
        assertThat(state.isStartup()).isTrue();

        BindingStatus status = binding(message(BNDUPD, option(3, 8))).status().orElseThrow();
        assertThat(status).isEqualTo(new BindingStatus(8));
        assertThat(status.isKnown()).isFalse();
        assertThat(BindingStatus.BACKUP.isKnown()).isTrue();

        BindingAck ack = (BindingAck) decode(message(MessageType.BNDACK.code(), ADDRESS, option(21, 99)));
        assertThat(ack.rejectReason()).contains(new RejectReason(99));
    }

    @Test
    void emptyTextsAndShortestVariableValues() throws FailoverParseException {
        ConnectAck ack = (ConnectAck) decode(message(MessageType.CONNECTACK.code(), option(22), option(16)));
        assertThat(ack.peer().relationshipName()).contains("");
        assertThat(ack.message()).contains("");

        Binding binding = binding(message(BNDUPD, option(5, 1), option(9, 0, 1)));
        assertThat(binding.hardwareAddress()).contains(HardwareAddress.of(1, new byte[0]));
        assertThat(binding.ddns()).contains(new DdnsInfo(1, ""));
    }

    @Test
    void textIsReadByteForByte() throws FailoverParseException {
        ConnectAck ack = (ConnectAck) decode(message(MessageType.CONNECTACK.code(), option(16, 0x63, 0xe9, 0xff)));
        assertThat(ack.message()).contains("c\u00e9\u00ff");
        assertThat(FailoverEncoder.encode(ack)).endsWith((byte) 0x63, (byte) 0xe9, (byte) 0xff);
    }
}

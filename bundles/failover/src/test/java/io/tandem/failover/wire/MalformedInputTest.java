package io.tandem.failover.wire;

import static io.tandem.failover.wire.RawMessages.message;
import static io.tandem.failover.wire.RawMessages.option;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of malformed input raises one FailoverParseException naming the offset and the reason. */
class MalformedInputTest {

    private static final int BNDUPD = MessageType.BNDUPD.code();
    private static final int CONNECT = MessageType.CONNECT.code();

    private static void assertRejected(byte[] input, int offset, String reason) {
        try {
            FailoverMessage message = FailoverDecoder.decode(input);
            throw new AssertionError("decoded without error: " + message);
        } catch (FailoverParseException e) {
            assertThat(e.getReason()).isEqualTo(reason);
            assertThat(e.getOffset()).isEqualTo(offset);
            assertThat(e).hasMessage("offset " + offset + ": " + reason);
        }
    }

    private static byte[] withByte(byte[] message, int offset, int value) {
        byte[] copy = message.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    @Test
    void truncatedHeader() {
        assertRejected(new byte[0], 0, "message of 0 bytes is shorter than the 12-byte header");
        assertRejected(Arrays.copyOf(message(11), 11), 11, "message of 11 bytes is shorter than the 12-byte header");
    }

    @Test
    void lengthFieldBelowTheHeaderSize() {
        assertRejected(withByte(message(11), 1, 11), 0, "message length 11 is shorter than the 12-byte header");
        assertRejected(withByte(message(11), 1, 0), 0, "message length 0 is shorter than the 12-byte header");
    }

    @ParameterizedTest
    @ValueSource(ints = {2049, 4096, 65535})
    void oversizedLength(int length) {
        byte[] input = message(11);
        BigEndian.putU16(input, 0, length);
        assertRejected(input, 0, "message length " + length + " exceeds the maximum of 2048");
    }

    @Test
    void lengthFieldDisagreesWithTheBytesGiven() {
        byte[] contact = message(11);
        assertRejected(Arrays.copyOf(contact, 13), 0, "message length 12 but 13 bytes given");
        assertRejected(withByte(contact, 1, 13), 0, "message length 13 but 12 bytes given");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 13, 128, 255})
    void undefinedMessageType(int type) {
        assertRejected(message(type), 2, "message type " + type + " is not defined");
    }

    @Test
    void payloadOffsetIntoTheHeader() {
        // 8 is the draft's value; with a 12-byte header it would read the time and xid as an option.
        assertRejected(withByte(message(11), 3, 8), 3, "payload offset 8 points into the 12-byte header");
    }

    @Test
    void payloadOffsetBeyondTheLength() {
        assertRejected(withByte(message(11), 3, 13), 3, "payload offset 13 is beyond the message length 12");
        assertRejected(withByte(message(BNDUPD, option(2, 192, 168, 77, 110)), 3, 255), 3,
                "payload offset 255 is beyond the message length 20");
    }

    @Test
    void optionHeaderCutShort() {
        byte[] input = message(BNDUPD, option(2, 192, 168, 77, 110), new byte[] {0, 3, 0});
        assertRejected(input, 20, "option header needs 4 bytes, 3 remain");
    }

    @Test
    void optionOverrunningTheMessage() {
        byte[] input = message(BNDUPD, option(2, 192, 168, 77, 110));
        BigEndian.putU16(input, 14, 5);
        assertRejected(input, 12, "option 2 of length 5 overruns the end of the message by 1");
        BigEndian.putU16(input, 14, 0xffff);
        assertRejected(input, 12, "option 2 of length 65535 overruns the end of the message by 65531");
    }

    @Test
    void unknownOptionsOverrunningAreStillErrors() {
        byte[] input = message(BNDUPD, option(300, 1, 2));
        BigEndian.putU16(input, 14, 3);
        assertRejected(input, 12, "option 300 of length 3 overruns the end of the message by 1");
    }

    @Test
    void fixedSizeOptionsOfTheWrongSize() {
        assertRejected(message(CONNECT, option(15, 0, 60)), 12, "option 15 (MCLT) has length 2, must be 4");
        assertRejected(message(BNDUPD, option(2, 192, 168, 77)), 12,
                "option 2 (assigned-IP-address) has length 3, must be 4");
        assertRejected(message(BNDUPD, option(3, 0, 2)), 12, "option 3 (binding-status) has length 2, must be 1");
        assertRejected(message(BNDUPD, option(12, 1)), 12, "option 12 (IP-flags) has length 1, must be 2");
        assertRejected(message(BNDUPD, option(13)), 12,
                "option 13 (lease-expiration-time) has length 0, must be 4");
        assertRejected(message(MessageType.STATE.code(), option(24)), 12,
                "option 24 (server-state) has length 0, must be 1");
        assertRejected(message(MessageType.POOLRESP.code(), option(1, 0, 0, 0, 0, 1)), 12,
                "option 1 (addresses-transferred) has length 5, must be 4");
    }

    @Test
    void variableSizeOptionsOutsideTheirRange() {
        assertRejected(message(BNDUPD, option(4, 1)), 12,
                "option 4 (client-identifier) has length 1, must be at least 2");
        assertRejected(message(BNDUPD, option(5)), 12,
                "option 5 (client-hardware-address) has length 0, must be 1-17");
        assertRejected(message(BNDUPD, option(5, new int[18])), 12,
                "option 5 (client-hardware-address) has length 18, must be 1-17");
        assertRejected(message(BNDUPD, option(9, 0)), 12, "option 9 (DDNS) has length 1, must be at least 2");
    }

    @Test
    void repeatedOption() {
        // ISC's rule, and why batched BNDUPDs (several assigned-IP options) cannot be sent to it.
        byte[] input = message(BNDUPD, option(2, 192, 168, 77, 110), option(3, 2), option(2, 192, 168, 77, 111));
        assertRejected(input, 25, "option 2 (assigned-IP-address) appears twice");
    }

    @Test
    void messageDigestBeforeAnotherOption() {
        byte[] input = message(BNDUPD, option(17, 1, 2, 3, 4), option(2, 192, 168, 77, 110));
        assertRejected(input, 12, "option 17 (message-digest) is not the last option");
    }
}

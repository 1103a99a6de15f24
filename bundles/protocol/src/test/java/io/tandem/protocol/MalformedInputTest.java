package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each class of malformed input raises one DhcpParseException naming the offset and the reason. */
class MalformedInputTest {

    private static final int OPTIONS = WireLayout.OPTIONS;

    private static DhcpParseException parseFailure(byte[] message) {
        try {
            DhcpDecoder.decode(message);
        } catch (DhcpParseException e) {
            return e;
        }
        throw new AssertionError("decoded without error: " + Arrays.toString(message));
    }

    private static void assertRejected(byte[] message, int offset, String reason) {
        DhcpParseException failure = parseFailure(message);
        assertThat(failure.getReason()).isEqualTo(reason);
        assertThat(failure.getOffset()).isEqualTo(offset);
        assertThat(failure).hasMessage("offset " + offset + ": " + reason);
    }

    private static void assertRejectedContaining(byte[] message, int offset, String... reasonParts) {
        DhcpParseException failure = parseFailure(message);
        assertThat(failure.getReason()).contains(reasonParts);
        assertThat(failure.getOffset()).isEqualTo(offset);
    }

    @Test
    void truncatedHeader() {
        assertRejected(Arrays.copyOf(TestPackets.header(), 100), 100,
                "message of 100 bytes is shorter than the 236-byte header and 4-byte magic cookie");
        assertRejected(new byte[0], 0,
                "message of 0 bytes is shorter than the 236-byte header and 4-byte magic cookie");
    }

    @Test
    void badMagicCookie() {
        byte[] message = TestPackets.withOptions(255);
        message[WireLayout.COOKIE + 3] = 0x64;
        assertRejected(message, 236, "magic cookie 0x63825364, must be 0x63825363");
    }

    @Test
    void hardwareAddressLongerThanChaddr() {
        byte[] message = TestPackets.withOptions(255);
        message[WireLayout.HLEN] = 17;
        assertRejected(message, 2, "hlen 17 exceeds the 16-byte chaddr field");
    }

    @Test
    void optionRunningPastTheEnd() {
        assertRejected(TestPackets.withOptions(53, 1, 1, 12, 10, 'a'), 243,
                "option 12 length 10 runs past the end of the options field (1 bytes left)");
        assertRejected(TestPackets.withOptions(53, 1, 1, 12), 243,
                "option 12 has no length byte before the end of the options field");
    }

    @Test
    void garbageAfterEnd() {
        assertRejected(TestPackets.withOptions(53, 1, 1, 255, 0, 0, 7), 246,
                "byte 0x7 after END in the options field; only PAD may follow END");
    }

    @Test
    void messageTypeOfWrongLength() {
        assertRejected(TestPackets.withOptions(12, 1, 'a', 53, 2, 1, 1, 255), 243, "option 53 length 2, must be 1");
    }

    @Test
    void fixedLengthOptionsOfWrongLength() {
        assertRejected(TestPackets.withOptions(1, 3, 255, 255, 255, 255), OPTIONS, "option 1 length 3, must be 4");
        assertRejected(TestPackets.withOptions(57, 1, 5, 255), OPTIONS, "option 57 length 1, must be 2");
        assertRejected(TestPackets.withOptions(51, 0, 255), OPTIONS, "option 51 length 0, must be 4");
        assertRejected(TestPackets.withOptions(61, 1, 1, 255), OPTIONS, "option 61 length 1, must be at least 2");
        assertRejected(TestPackets.withOptions(12, 0, 255), OPTIONS, "option 12 length 0, must be at least 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 9})
    void routerListNotANonZeroMultipleOfFour(int length) {
        int[] option = new int[2 + length + 1];
        option[0] = 3;
        option[1] = length;
        option[option.length - 1] = 255;
        assertRejected(TestPackets.withOptions(option), OPTIONS,
                "option 3 length " + length + ", must be a non-zero multiple of 4");
    }

    @ParameterizedTest
    @ValueSource(ints = {53, 50, 51, 54, 57, 58, 59, 118, 1, 28})
    void duplicatedFixedLengthOptionIsRejectedAsDuplicated(int code) {
        int length = code == 53 ? 1 : code == 57 ? 2 : 4;
        int[] options = new int[2 * (2 + length) + 1];
        for (int instance = 0; instance < 2; instance++) {
            options[instance * (2 + length)] = code;
            options[instance * (2 + length) + 1] = length;
            options[instance * (2 + length) + 2] = 1;
        }
        options[options.length - 1] = 255;
        assertRejected(TestPackets.withOptions(options), OPTIONS, "option " + code + " length " + 2 * length
                + ", must be " + length + " (option duplicated: 2 instances concatenated per RFC 3396)");
    }

    @Test
    void duplicatedOverloadOption() {
        assertRejected(TestPackets.withOptions(52, 1, 1, 52, 1, 1, 255), OPTIONS,
                "option 52 length 2, must be 1 (option duplicated: 2 instances concatenated per RFC 3396)");
    }

    @Test
    void overloadWithInvalidValue() {
        assertRejected(TestPackets.withOptions(52, 1, 4, 255), OPTIONS,
                "option 52 value 4, must be 1 (file), 2 (sname) or 3 (both)");
    }

    @Test
    void overloadOptionInsideOverloadedField() {
        byte[] fileLoop = TestPackets.withOptions(52, 1, 1, 255);
        fileLoop[WireLayout.FILE] = 52;
        fileLoop[WireLayout.FILE + 1] = 1;
        fileLoop[WireLayout.FILE + 2] = 2;
        fileLoop[WireLayout.FILE + 3] = (byte) 255;
        assertRejected(fileLoop, WireLayout.FILE, "option 52 (overload) inside the file field");

        byte[] snameLoop = TestPackets.withOptions(52, 1, 2, 255);
        snameLoop[WireLayout.SNAME + 1] = 52;
        snameLoop[WireLayout.SNAME + 2] = 1;
        snameLoop[WireLayout.SNAME + 3] = 3;
        assertRejected(snameLoop, WireLayout.SNAME + 1, "option 52 (overload) inside the sname field");
    }

    @Test
    void optionRunningPastTheEndOfAnOverloadedField() {
        byte[] message = TestPackets.withOptions(52, 1, 2, 255);
        message[WireLayout.SNAME + 60] = 12;
        message[WireLayout.SNAME + 61] = 5;
        assertRejected(message, WireLayout.SNAME + 60,
                "option 12 length 5 runs past the end of the sname field (2 bytes left)");
    }

    @Test
    void classlessRoutesWithBadPrefixOrTruncatedRoute() {
        assertRejected(TestPackets.withOptions(121, 5, 33, 10, 0, 0, 1, 255), OPTIONS,
                "option 121: route 1: prefix length 33 exceeds 32");
        assertRejected(TestPackets.withOptions(121, 7, 0, 1, 2, 3, 4, 24, 10, 255), OPTIONS,
                "option 121: route 2 (/24) needs 8 bytes, 2 left");
        assertRejected(TestPackets.withOptions(121, 6, 7, 11, 1, 2, 3, 4, 255), OPTIONS,
                "option 121: route 11.0.0.0/7 has host bits set");
    }

    @Test
    void domainSearchWithBadLabelsOrPointerLoops() {
        assertRejectedContaining(TestPackets.withOptions(119, 2, 0xc0, 0x00, 255), OPTIONS,
                "option 119: compression pointer at byte 0 points to byte 0", "loop");
        assertRejectedContaining(TestPackets.withOptions(119, 6, 1, 'a', 0, 1, 'b', 0xc0, 255), OPTIONS,
                "option 119: compression pointer at byte 5 is cut off");
        assertRejectedContaining(TestPackets.withOptions(119, 5, 1, 'a', 0xc0, 0x05, 0, 255), OPTIONS,
                "option 119: compression pointer at byte 2 points to byte 5");
        assertRejected(TestPackets.withOptions(119, 3, 0x41, 'a', 0, 255), OPTIONS,
                "option 119: label length byte 0x41 at byte 0 is not a plain label");
        assertRejected(TestPackets.withOptions(119, 3, 5, 'a', 0, 255), OPTIONS,
                "option 119: label at byte 0 runs past the end");
        assertRejected(TestPackets.withOptions(119, 3, 1, 'a', 1, 255), OPTIONS,
                "option 119: label at byte 2 runs past the end");
        assertRejected(TestPackets.withOptions(119, 2, 1, 'a', 255), OPTIONS,
                "option 119: domain name at byte 0 runs past the end without a root label");
        assertRejected(TestPackets.withOptions(119, 4, 2, 'a', ' ', 0, 255), OPTIONS,
                "option 119: label at byte 0 contains byte 0x20");
    }

    @Test
    void domainSearchPointerChainThatLoopsBackIsRejected() {
        // name 1 "a" at 0; name 2 at 3 points to 5, which points back to 3: forward then backward, a loop
        assertRejectedContaining(TestPackets.withOptions(119, 7, 1, 'a', 0, 0xc0, 5, 0xc0, 3, 255), OPTIONS,
                "compression pointer at byte 3 points to byte 5");
    }

    @Test
    void clientFqdnTooShortOrWithBadName() {
        assertRejected(TestPackets.withOptions(81, 2, 0, 0, 255), OPTIONS, "option 81 length 2, must be at least 3");
        assertRejected(TestPackets.withOptions(81, 5, 4, 0, 0, 0xc0, 0, 255), OPTIONS,
                "option 81: label length byte 0xc0 at byte 0 is not a plain label");
        assertRejected(TestPackets.withOptions(81, 6, 4, 0, 0, 0, 1, 'a', 255), OPTIONS,
                "option 81: byte 1 follows the end of the domain name");
    }

    @Test
    void relayAgentSubOptionRunningPastItsEnd() {
        assertRejected(TestPackets.withOptions(82, 4, 1, 3, 'a', 'b', 255), OPTIONS,
                "option 82: sub-option 1 length 3 runs past the end of the option");
        assertRejected(TestPackets.withOptions(82, 4, 1, 1, 'a', 2, 255), OPTIONS,
                "option 82: sub-option 2 at byte 3 has no length byte");
        assertRejected(TestPackets.withOptions(82, 5, 5, 3, 10, 0, 0, 255), OPTIONS,
                "option 82: sub-option 5 length 3, must be 4");
    }

    @Test
    void unknownMessageTypeDecodes() throws DhcpParseException {
        DhcpMessage message = DhcpDecoder.decode(TestPackets.withOptions(53, 1, 200, 255));
        assertThat(message.messageType()).get().satisfies(type -> {
            assertThat(type.code()).isEqualTo(200);
            assertThat(type.isKnown()).isFalse();
        });
    }

    @Test
    void messageWithoutMessageTypeIsBootp() throws DhcpParseException {
        DhcpMessage message = DhcpDecoder.decode(TestPackets.withOptions(1, 4, 255, 255, 255, 0, 255));
        assertThat(message.messageType()).isEmpty();
        assertThat(message.subnetMask()).contains(Ipv4Address.parse("255.255.255.0"));
    }

    @Test
    void areaWithoutEndIsAcceptedWhenTheLastOptionEndsExactly() throws DhcpParseException {
        DhcpMessage message = DhcpDecoder.decode(TestPackets.withOptions(0, 53, 1, 3));
        assertThat(message.messageType()).contains(MessageType.REQUEST);
    }

    @Test
    void splitOptionsAreConcatenatedAndOverloadedFieldsReadInOrder() throws DhcpParseException {
        byte[] message = TestPackets.withOptions(12, 2, 'a', 'b', 52, 1, 3, 255);
        byte[] fileOptions = {12, 1, 'c', 15, 3, 'o', 'r', 'g', (byte) 255};
        byte[] snameOptions = {12, 1, 'd', (byte) 255};
        System.arraycopy(fileOptions, 0, message, WireLayout.FILE, fileOptions.length);
        System.arraycopy(snameOptions, 0, message, WireLayout.SNAME, snameOptions.length);

        DhcpMessage decoded = DhcpDecoder.decode(message);

        assertThat(decoded.hostName()).contains("abcd");
        assertThat(decoded.domainName()).contains("org");
        assertThat(decoded.options().codes()).containsExactly(OptionCode.HOST_NAME, OptionCode.DOMAIN_NAME);
        assertThat(decoded.sname()).isEmpty();
        assertThat(decoded.file()).isEmpty();
    }
}

package io.tandem.protocol;

import static io.tandem.protocol.WireLayout.COOKIE;
import static io.tandem.protocol.WireLayout.HLEN;
import static io.tandem.protocol.WireLayout.MAGIC_COOKIE;
import static io.tandem.protocol.WireLayout.OPTIONS;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a UDP payload into a {@link DhcpMessage}, validating everything eagerly so that no getter of the result
 * can fail. Any malformed input raises {@link DhcpParseException} naming the byte offset and the reason; no
 * other exception escapes for any input, and decoding is a single bounded pass.
 *
 * <p>Rules, beyond the plain RFC 2131/2132 format:
 * <ul>
 * <li>The 236-byte header and the magic cookie are required; hlen must be at most 16. A message without option
 *     53 is a legal BOOTP message and decodes, with an empty {@link DhcpMessage#messageType()}.</li>
 * <li>Options are read from the options field, then the file field, then the sname field, as option 52 says
 *     (RFC 2131 §4.1). Option 52 must be in the options field, exactly one byte of 1, 2 or 3; it is framing
 *     and does not appear in the result, whose file/sname fields then read as empty.</li>
 * <li>Every repeated option is concatenated in reading order (RFC 3396). Length rules of typed options apply
 *     to the concatenation, so a repeated fixed-length option such as 53 is rejected as duplicated.</li>
 * <li>Only PAD may follow END in an area. An area that ends right after an option without END is accepted,
 *     as ISC dhcpd accepts it.</li>
 * <li>An unknown option 53 value decodes (see {@link MessageType#isKnown()}).</li>
 * </ul>
 */
public final class DhcpDecoder {

    private DhcpDecoder() {
    }

    /** Decodes a whole datagram payload; the array is not retained. */
    public static DhcpMessage decode(byte[] datagram) throws DhcpParseException {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes {@code length} bytes of {@code buffer} from {@code offset}; the array is not retained. Offsets in
     * a {@link DhcpParseException} count from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code buffer} (a caller bug, not bad input)
     */
    public static DhcpMessage decode(byte[] buffer, int offset, int length) throws DhcpParseException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return decodeOwned(Arrays.copyOfRange(buffer, offset, offset + length));
    }

    /** Decodes the remaining bytes of {@code buffer} without moving its position. */
    public static DhcpMessage decode(ByteBuffer buffer) throws DhcpParseException {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return decodeOwned(bytes);
    }

    /** Decodes a private copy of the message, which the result keeps and shares with its options. */
    private static DhcpMessage decodeOwned(byte[] message) throws DhcpParseException {
        int length = message.length;
        if (length < OPTIONS) {
            throw new DhcpParseException(length, "message of " + length
                    + " bytes is shorter than the 236-byte header and 4-byte magic cookie");
        }
        int hlen = Bytes.u8(message, HLEN);
        if (hlen > WireLayout.CHADDR_LENGTH) {
            throw new DhcpParseException(HLEN, "hlen " + hlen + " exceeds the 16-byte chaddr field");
        }
        int cookie = Bytes.i32(message, COOKIE);
        if (cookie != MAGIC_COOKIE) {
            throw new DhcpParseException(COOKIE, String.format("magic cookie 0x%08x, must be 0x63825363", cookie));
        }
        OptionInstances found = new OptionInstances();
        readArea(message, OptionArea.OPTIONS_FIELD, found);
        int overload = overloadedFields(message, found);
        for (OptionArea field : OptionArea.OVERLOADABLE) {
            if ((overload & field.overloadBit()) != 0) {
                readArea(message, field, found);
            }
        }
        if (overload == 0 && !found.hasRepeats()) {
            return new DhcpMessage(message, optionsInPlace(message, found));
        }
        DhcpOptions options = mergedOptions(message, found);
        for (OptionArea field : OptionArea.OVERLOADABLE) {
            if ((overload & field.overloadBit()) != 0) {
                Arrays.fill(message, field.start(), field.end(length), (byte) 0);
            }
        }
        return new DhcpMessage(message, options);
    }

    /** Records the options of one area, checking that they tile it. */
    private static void readArea(byte[] message, OptionArea area, OptionInstances found) throws DhcpParseException {
        int to = area.end(message.length);
        int position = area.start();
        while (position < to) {
            int code = Bytes.u8(message, position);
            if (code == OptionCode.PAD.code()) {
                position++;
            } else if (code == OptionCode.END.code()) {
                requireOnlyPadding(message, position + 1, to, area);
                return;
            } else {
                if (position + 1 >= to) {
                    throw new DhcpParseException(position, "option " + code
                            + " has no length byte before the end of the " + area);
                }
                int length = Bytes.u8(message, position + 1);
                if (position + 2 + length > to) {
                    throw new DhcpParseException(position, "option " + code + " length " + length
                            + " runs past the end of the " + area + " (" + (to - position - 2) + " bytes left)");
                }
                if (code == OptionCode.OPTION_OVERLOAD.code() && area != OptionArea.OPTIONS_FIELD) {
                    throw new DhcpParseException(position, "option 52 (overload) inside the " + area);
                }
                found.add(code, position, position + 2, length);
                position += 2 + length;
            }
        }
    }

    private static void requireOnlyPadding(byte[] message, int from, int to, OptionArea area)
            throws DhcpParseException {
        for (int position = from; position < to; position++) {
            if (message[position] != 0) {
                throw new DhcpParseException(position, "byte 0x" + Integer.toHexString(Bytes.u8(message, position))
                        + " after END in the " + area + "; only PAD may follow END");
            }
        }
    }

    /** The option 52 bits (1 file, 2 sname), 0 without the option. */
    private static int overloadedFields(byte[] message, OptionInstances found) throws DhcpParseException {
        int code = OptionCode.OPTION_OVERLOAD.code();
        int first = found.firstIndexOf(code);
        if (first < 0) {
            return 0;
        }
        byte[] value = new byte[found.totalLengthOf(code)];
        found.concatenate(message, code, value, 0);
        checkRules(code, value, 0, value.length, found.start(first), found.instancesOf(code));
        return value[0];
    }

    /** The common case: no repeats, no overload, so every value already lies contiguously in the message. */
    private static DhcpOptions optionsInPlace(byte[] message, OptionInstances found) throws DhcpParseException {
        int count = found.size();
        int[] entries = new int[count * 3];
        for (int i = 0; i < count; i++) {
            checkRules(found.code(i), message, found.valueOffset(i), found.length(i), found.start(i), 1);
            entries[i * 3] = found.code(i);
            entries[i * 3 + 1] = found.valueOffset(i);
            entries[i * 3 + 2] = found.length(i);
        }
        return new DhcpOptions(message, entries, count);
    }

    /** Concatenates the instances of each code (RFC 3396) into a new array, in order of first appearance. */
    private static DhcpOptions mergedOptions(byte[] message, OptionInstances found) throws DhcpParseException {
        int totalLength = 0;
        for (int i = 0; i < found.size(); i++) {
            totalLength += found.length(i);
        }
        byte[] data = new byte[totalLength];
        int[] entries = new int[found.size() * 3];
        boolean[] merged = new boolean[256];
        merged[OptionCode.OPTION_OVERLOAD.code()] = true;
        int count = 0;
        int offset = 0;
        for (int i = 0; i < found.size(); i++) {
            int code = found.code(i);
            if (merged[code]) {
                continue;
            }
            merged[code] = true;
            int length = found.totalLengthOf(code);
            found.concatenate(message, code, data, offset);
            checkRules(code, data, offset, length, found.start(i), found.instancesOf(code));
            entries[count * 3] = code;
            entries[count * 3 + 1] = offset;
            entries[count * 3 + 2] = length;
            count++;
            offset += length;
        }
        return new DhcpOptions(data, entries, count);
    }

    private static void checkRules(int code, byte[] data, int offset, int length, int start, int instances)
            throws DhcpParseException {
        try {
            OptionRules.check(code, data, offset, length);
        } catch (IllegalArgumentException e) {
            String reason = instances == 1 ? e.getMessage()
                    : e.getMessage() + " (option duplicated: " + instances + " instances concatenated per RFC 3396)";
            throw new DhcpParseException(start, reason);
        }
    }
}

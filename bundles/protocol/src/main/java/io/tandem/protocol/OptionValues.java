package io.tandem.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Wire forms of the simple option value shapes of RFC 2132: addresses, address lists, unsigned integers,
 * text and code lists. Readers expect values already validated by {@link OptionRules}; writers reject values
 * that have no legal wire form with {@link IllegalArgumentException}.
 */
final class OptionValues {

    private static final long MAX_UNSIGNED_32 = 0xffff_ffffL;

    private OptionValues() {
    }

    static Ipv4Address ipv4(byte[] data, int offset, int length) {
        return Ipv4Address.fromBytes(data, offset);
    }

    static List<Ipv4Address> ipv4List(byte[] data, int offset, int length) {
        List<Ipv4Address> addresses = new ArrayList<>(length / 4);
        for (int position = offset; position < offset + length; position += 4) {
            addresses.add(Ipv4Address.fromBytes(data, position));
        }
        return List.copyOf(addresses);
    }

    static long unsigned32(byte[] data, int offset, int length) {
        return Integer.toUnsignedLong(Bytes.i32(data, offset));
    }

    static int unsigned16(byte[] data, int offset, int length) {
        return Bytes.u16(data, offset);
    }

    static MessageType messageType(byte[] data, int offset, int length) {
        return MessageType.valueOf(Bytes.u8(data, offset));
    }

    /** Text byte for byte (ISO-8859-1), without the trailing NULs some clients add despite RFC 2132. */
    static String text(byte[] data, int offset, int length) {
        int end = offset + length;
        while (end > offset && data[end - 1] == 0) {
            end--;
        }
        return new String(data, offset, end - offset, StandardCharsets.ISO_8859_1);
    }

    static List<OptionCode> codes(byte[] data, int offset, int length) {
        List<OptionCode> codes = new ArrayList<>(length);
        for (int position = offset; position < offset + length; position++) {
            codes.add(OptionCode.valueOf(Bytes.u8(data, position)));
        }
        return List.copyOf(codes);
    }

    static byte[] ofIpv4List(List<Ipv4Address> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an address list option needs at least one address");
        }
        byte[] bytes = new byte[addresses.size() * 4];
        for (int i = 0; i < addresses.size(); i++) {
            Bytes.putI32(bytes, i * 4, addresses.get(i).value());
        }
        return bytes;
    }

    static byte[] ofUnsigned32(long value) {
        if (value < 0 || value > MAX_UNSIGNED_32) {
            throw new IllegalArgumentException(value + " does not fit an unsigned 32-bit field");
        }
        byte[] bytes = new byte[4];
        Bytes.putI32(bytes, 0, (int) value);
        return bytes;
    }

    static byte[] ofUnsigned16(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(value + " does not fit an unsigned 16-bit field");
        }
        byte[] bytes = new byte[2];
        Bytes.putU16(bytes, 0, value);
        return bytes;
    }

    static byte[] ofText(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a text option needs at least one character");
        }
        if (!text.chars().allMatch(c -> c <= 0xff)) {
            throw new IllegalArgumentException("'" + text + "' has characters beyond one byte (ISO-8859-1)");
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] ofCodes(List<OptionCode> codes) {
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("a parameter request list needs at least one code");
        }
        byte[] bytes = new byte[codes.size()];
        for (int i = 0; i < codes.size(); i++) {
            bytes[i] = (byte) codes.get(i).code();
        }
        return bytes;
    }
}

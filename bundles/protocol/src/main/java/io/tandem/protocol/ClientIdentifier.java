package io.tandem.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The client identifier of option 61 (RFC 2132 §9.14): a type byte followed by the identifier. Type 1 with a
 * MAC address mirrors chaddr; type 255 is RFC 4361's IAID plus DUID. The bytes are kept exactly as sent,
 * because the server matches clients by comparing them. Immutable.
 */
public final class ClientIdentifier {

    /** RFC 4361: the identifier is a 4-byte IAID followed by a DUID. */
    public static final int TYPE_IAID_DUID = 255;

    private final byte[] bytes;

    private ClientIdentifier(byte[] bytes) {
        if (bytes.length < 2) {
            throw new IllegalArgumentException("client identifier of " + bytes.length
                    + " bytes, must be at least 2 (type and one byte)");
        }
        this.bytes = bytes;
    }

    /** The identifier {@code type} followed by {@code identifier} (copied, at least one byte). */
    public static ClientIdentifier of(int type, byte[] identifier) {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("client identifier type " + type + " is not 0-255");
        }
        byte[] bytes = new byte[1 + identifier.length];
        bytes[0] = (byte) type;
        System.arraycopy(identifier, 0, bytes, 1, identifier.length);
        return new ClientIdentifier(bytes);
    }

    /** The identifier whose wire form (type byte first) is {@code bytes}; copied. */
    public static ClientIdentifier fromBytes(byte[] bytes) {
        return new ClientIdentifier(bytes.clone());
    }

    static ClientIdentifier read(byte[] data, int offset, int length) {
        return new ClientIdentifier(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** The type byte (0-255): an ARP hardware type, 0 for free-form, 255 for IAID+DUID. */
    public int type() {
        return bytes[0] & 0xff;
    }

    /** A copy of the bytes after the type. */
    public byte[] identifier() {
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    /** A copy of the option value: the type byte followed by the identifier. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientIdentifier other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code type/hex}, e.g. {@code 1/020000001d01}. */
    @Override
    public String toString() {
        return type() + "/" + HexFormat.of().formatHex(bytes, 1, bytes.length);
    }
}

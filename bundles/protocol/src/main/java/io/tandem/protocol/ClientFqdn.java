package io.tandem.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The client FQDN option 81 (RFC 4702): flags, two deprecated RCODE bytes and a domain name. With flag
 * {@link #FLAG_E} the name is in canonical DNS wire format: a trailing dot in {@link #domainName()} marks a
 * fully qualified name, no dot a partial one (e.g. just the host label). Without it the name is the
 * deprecated ASCII form, taken byte for byte (ISO-8859-1). An empty name asks the server to choose one.
 *
 * @param flags the flags byte; bits beyond S, O, E and N are kept as sent
 * @param rcode1 RCODE1, 0 or 255 in practice
 * @param rcode2 RCODE2, 0 or 255 in practice
 * @param domainName the name as text, see above
 */
public record ClientFqdn(int flags, int rcode1, int rcode2, String domainName) {

    /** S: the server should perform the A RR (forward) update. */
    public static final int FLAG_S = 0x01;
    /** O: the server has overridden the client's S choice (server to client only). */
    public static final int FLAG_O = 0x02;
    /** E: the name is in canonical wire format rather than ASCII. */
    public static final int FLAG_E = 0x04;
    /** N: the server should perform no DNS updates. */
    public static final int FLAG_N = 0x08;

    private static final int NAME_OFFSET = 3;

    /**
     * @throws IllegalArgumentException if a byte field is not 0-255 or the name cannot be encoded in the chosen
     *     form
     */
    public ClientFqdn {
        checkByte("flags", flags);
        checkByte("rcode1", rcode1);
        checkByte("rcode2", rcode2);
        encodeName(flags, domainName);
    }

    /** True if the name is in canonical wire format (flag E). */
    public boolean canonicalEncoding() {
        return (flags & FLAG_E) != 0;
    }

    private static void checkByte(String field, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(field + " " + value + " is not 0-255");
        }
    }

    private static byte[] encodeName(int flags, String name) {
        if ((flags & FLAG_E) != 0) {
            return DomainNames.writeName(name);
        }
        if (!name.chars().allMatch(c -> c <= 0xff)) {
            throw new IllegalArgumentException("ASCII-form FQDN '" + name + "' has characters beyond one byte");
        }
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads an option value of at least 3 bytes (length is checked by {@link OptionRules}). */
    static ClientFqdn read(byte[] data, int offset, int length) {
        int flags = Bytes.u8(data, offset);
        int nameLength = length - NAME_OFFSET;
        String name = (flags & FLAG_E) != 0
                ? DomainNames.readName(data, offset + NAME_OFFSET, nameLength)
                : new String(data, offset + NAME_OFFSET, nameLength, StandardCharsets.ISO_8859_1);
        return new ClientFqdn(flags, Bytes.u8(data, offset + 1), Bytes.u8(data, offset + 2), name);
    }

    byte[] toBytes() {
        byte[] name = encodeName(flags, domainName);
        byte[] bytes = new byte[NAME_OFFSET + name.length];
        bytes[0] = (byte) flags;
        bytes[1] = (byte) rcode1;
        bytes[2] = (byte) rcode2;
        System.arraycopy(name, 0, bytes, NAME_OFFSET, name.length);
        return bytes;
    }
}

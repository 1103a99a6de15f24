package io.tandem.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client hardware address: the htype of the DHCP header and the first hlen bytes of chaddr. Immutable.
 */
public final class HardwareAddress {

    /** htype of Ethernet (ARP hardware type 1). */
    public static final int ETHERNET = 1;
    /** chaddr holds at most 16 bytes (RFC 2131 §2). */
    public static final int MAX_LENGTH = 16;

    private final int type;
    private final byte[] bytes;

    private HardwareAddress(int type, byte[] bytes) {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("hardware type " + type + " is not 0-255");
        }
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("hardware address of " + bytes.length + " bytes is longer than 16");
        }
        this.type = type;
        this.bytes = bytes;
    }

    /** A hardware address of the given ARP type; {@code bytes} is copied. */
    public static HardwareAddress of(int type, byte[] bytes) {
        return new HardwareAddress(type, bytes.clone());
    }

    /** An Ethernet address written as six colon- or dash-separated hex octets ({@code 52:54:00:12:34:56}). */
    public static HardwareAddress parseEthernet(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                bytes[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
        }
        return new HardwareAddress(ETHERNET, bytes);
    }

    /** The ARP hardware type (htype). */
    public int type() {
        return type;
    }

    /** The address length (hlen). */
    public int length() {
        return bytes.length;
    }

    /** A copy of the address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the address bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareAddress other && type == other.type && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(bytes);
    }

    /** Colon-separated lowercase hex ({@code 52:54:00:12:34:56}); a non-Ethernet type is prefixed ({@code 6/...}). */
    @Override
    public String toString() {
        String hex = HexFormat.ofDelimiter(":").formatHex(bytes);
        return type == ETHERNET ? hex : type + "/" + hex;
    }
}

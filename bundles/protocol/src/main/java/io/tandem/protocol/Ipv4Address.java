package io.tandem.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address as an unsigned 32-bit value. Immutable; ordered numerically, so ranges and scans are
 * plain comparisons.
 *
 * @param value the address in network order packed into an int (1.2.3.4 is {@code 0x01020304})
 */
public record Ipv4Address(int value) implements Comparable<Ipv4Address> {

    /** 0.0.0.0, the "no address" value of ciaddr, yiaddr, siaddr and giaddr. */
    public static final Ipv4Address ANY = new Ipv4Address(0);
    /** 255.255.255.255, the limited broadcast address. */
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    /**
     * Parses dotted-quad notation.
     *
     * @throws IllegalArgumentException if {@code text} is not four decimal octets 0-255 separated by dots
     */
    public static Ipv4Address parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (octet " + octet + " > 255)");
            }
            value = (value << 8) | octet;
        }
        return new Ipv4Address(value);
    }

    /**
     * The address held in four bytes starting at {@code offset}, network order.
     *
     * @throws IndexOutOfBoundsException if fewer than four bytes remain
     */
    public static Ipv4Address fromBytes(byte[] bytes, int offset) {
        if (offset < 0 || offset + 4 > bytes.length) {
            throw new IndexOutOfBoundsException("need 4 bytes at offset " + offset + ", have " + bytes.length);
        }
        return new Ipv4Address(Bytes.i32(bytes, offset));
    }

    /** The address of a Java {@link InetAddress}, which must be IPv4. */
    public static Ipv4Address of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return fromBytes(bytes, 0);
    }

    /** The four octets in network order. */
    public byte[] toBytes() {
        byte[] bytes = new byte[4];
        Bytes.putI32(bytes, 0, value);
        return bytes;
    }

    /** This address as a Java {@link InetAddress}. */
    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException impossible) {
            throw new AssertionError("four bytes are always a valid IPv4 address", impossible);
        }
    }

    /** The address as an unsigned number, 0 to 2^32-1. */
    public long toUnsigned() {
        return Integer.toUnsignedLong(value);
    }

    /** True for 0.0.0.0. */
    public boolean isAny() {
        return value == 0;
    }

    /** The next address; 255.255.255.255 has none. */
    public Ipv4Address next() {
        if (value == -1) {
            throw new IllegalStateException("255.255.255.255 has no successor");
        }
        return new Ipv4Address(value + 1);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}

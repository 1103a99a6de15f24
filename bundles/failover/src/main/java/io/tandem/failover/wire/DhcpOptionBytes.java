package io.tandem.failover.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * DHCP options carried opaquely in a binding (client-request-options 8, client-reply-options 7). ISC reads and
 * ignores them and never sends them; the bytes are kept as received.
 */
public final class DhcpOptionBytes {

    private final byte[] bytes;

    private DhcpOptionBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The option bytes {@code bytes} (copied). */
    public static DhcpOptionBytes of(byte[] bytes) {
        return new DhcpOptionBytes(bytes.clone());
    }

    /** A copy of the bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOptionBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

package io.tandem.api.model;

import io.tandem.protocol.Ipv4Address;
import java.util.Objects;

/**
 * An inclusive range of addresses the server may lease.
 *
 * @param first the lowest address of the range
 * @param last the highest address of the range, not below {@code first}
 */
public record PoolRange(Ipv4Address first, Ipv4Address last) {

    /** @throws IllegalArgumentException if {@code last} is below {@code first} */
    public PoolRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("pool range " + first + "-" + last + " ends before it starts");
        }
    }

    /** Parses {@code "10.0.0.10-10.0.0.99"}. */
    public static PoolRange parse(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException("pool range '" + text + "' is not FIRST-LAST");
        }
        return new PoolRange(Ipv4Address.parse(ends[0].trim()), Ipv4Address.parse(ends[1].trim()));
    }

    /** True if {@code address} lies in the range. */
    public boolean contains(Ipv4Address address) {
        return address.compareTo(first) >= 0 && address.compareTo(last) <= 0;
    }

    /** True if the two ranges share an address. */
    public boolean overlaps(PoolRange other) {
        return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** The number of addresses in the range. */
    public long size() {
        return last.toUnsigned() - first.toUnsigned() + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}

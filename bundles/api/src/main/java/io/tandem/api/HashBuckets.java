package io.tandem.api;

import java.util.Arrays;

/**
 * A set of the 256 RFC 3074 hash buckets, as ISC dhcpd's hash bucket assignment (HBA) carries it: 32 bytes, bucket
 * {@code b} is bit {@code 1 << (b & 7)} of byte {@code b >> 3}. Immutable.
 */
public final class HashBuckets {

    /** The number of buckets. */
    public static final int COUNT = 256;
    /** Every bucket. */
    public static final HashBuckets ALL = split(COUNT);
    /** No bucket. */
    public static final HashBuckets NONE = split(0);

    private final byte[] bits;

    private HashBuckets(byte[] bits) {
        this.bits = bits;
    }

    /** The buckets of a 32-byte HBA map. */
    public static HashBuckets of(byte[] map) {
        if (map.length != COUNT / 8) {
            throw new IllegalArgumentException("a hash bucket map has 32 bytes, not " + map.length);
        }
        return new HashBuckets(map.clone());
    }

    /** Buckets {@code 0..n-1}: ISC's {@code split n}. */
    public static HashBuckets split(int n) {
        if (n < 0 || n > COUNT) {
            throw new IllegalArgumentException("split " + n + " is outside 0-256");
        }
        byte[] map = new byte[COUNT / 8];
        for (int bucket = 0; bucket < n; bucket++) {
            map[bucket >> 3] |= (byte) (1 << (bucket & 7));
        }
        return new HashBuckets(map);
    }

    /**
     * True if {@code bucket} is in the set.
     *
     * @throws IllegalArgumentException if {@code bucket} is not 0-255
     */
    public boolean contains(int bucket) {
        if (bucket < 0 || bucket >= COUNT) {
            throw new IllegalArgumentException("bucket " + bucket + " is not 0-255");
        }
        return (bits[bucket >> 3] & (1 << (bucket & 7))) != 0;
    }

    /** The other buckets: what the secondary serves when this is the primary's map. */
    public HashBuckets inverted() {
        byte[] map = new byte[bits.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = (byte) ~bits[i];
        }
        return new HashBuckets(map);
    }

    /** The 32 bytes, as sent in CONNECT option 11. */
    public byte[] toBytes() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HashBuckets buckets && Arrays.equals(bits, buckets.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        int count = 0;
        for (int bucket = 0; bucket < COUNT; bucket++) {
            count += contains(bucket) ? 1 : 0;
        }
        return count + " of 256 buckets";
    }
}

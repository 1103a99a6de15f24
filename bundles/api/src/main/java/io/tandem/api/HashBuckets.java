package io.tandem.api;

import io.tandem.api.model.ClientId;
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

    /** The RFC 3074 mixing table. */
    private static final int[] MIX = {
        251, 175, 119, 215, 81, 14, 79, 191, 103, 49, 181, 143, 186, 157, 0, 232,
        31, 32, 55, 60, 152, 58, 17, 237, 174, 70, 160, 144, 220, 90, 57, 223,
        59, 3, 18, 140, 111, 166, 203, 196, 134, 243, 124, 95, 222, 179, 197, 65,
        180, 48, 36, 15, 107, 46, 233, 130, 165, 30, 123, 161, 209, 23, 97, 16,
        40, 91, 219, 61, 100, 10, 210, 109, 250, 127, 22, 138, 29, 108, 244, 67,
        207, 9, 178, 204, 74, 98, 126, 249, 167, 116, 34, 77, 193, 200, 121, 5,
        20, 113, 71, 35, 128, 13, 182, 94, 25, 226, 227, 199, 75, 27, 41, 245,
        230, 224, 43, 225, 177, 26, 155, 150, 212, 142, 218, 115, 241, 73, 88, 105,
        39, 114, 62, 255, 192, 201, 145, 214, 168, 158, 221, 148, 154, 122, 12, 84,
        82, 163, 44, 139, 228, 236, 205, 242, 217, 11, 187, 146, 159, 64, 86, 239,
        195, 42, 106, 198, 118, 112, 184, 172, 87, 2, 173, 117, 176, 229, 247, 253,
        137, 185, 99, 164, 102, 147, 45, 66, 231, 52, 141, 211, 194, 206, 246, 238,
        56, 110, 78, 248, 63, 240, 189, 93, 92, 51, 53, 183, 19, 171, 72, 50,
        33, 104, 101, 69, 8, 252, 83, 120, 76, 135, 85, 54, 202, 125, 188, 213,
        96, 235, 136, 208, 162, 129, 190, 132, 156, 38, 47, 1, 7, 254, 24, 4,
        216, 131, 89, 21, 28, 133, 37, 153, 149, 80, 170, 68, 6, 169, 234, 151,
    };

    private final byte[] bits;

    private HashBuckets(byte[] bits) {
        this.bits = bits;
    }

    /**
     * The client's bucket, 0-255, as ISC dhcpd computes it (RFC 3074): the key is the client identifier (option 61
     * payload, type byte included) when the client sent one, else the chaddr without the hardware type, hashed from
     * its last byte to its first. In NORMAL with load balancing on, a DISCOVER is answered by the server whose
     * buckets hold this one.
     */
    public static int bucketOf(ClientId client) {
        byte[] identity = client.bytes();
        int from = client.kind() == ClientId.Kind.CLIENT_IDENTIFIER ? 0 : 1;
        int hash = (identity.length - from) & 0xff;
        for (int i = identity.length - 1; i >= from; i--) {
            hash = MIX[hash ^ (identity[i] & 0xff)];
        }
        return hash;
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

package io.tandem.failover.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash bucket assignment of a CONNECT (option 11): one bit per RFC 3074 bucket, bucket {@code b} being bit
 * {@code 1 << (b & 7)} of byte {@code b >> 3}. ISC sets a bucket's bit when the primary serves it (the draft says
 * the secondary); which meaning applies is the load balancer's business.
 *
 * <p>Any length is kept: ISC answers an HBA that is not 32 bytes with reject reason 18, so the protocol layer must
 * see it rather than the decoder refusing the message.
 */
public final class HashBucketAssignment {

    /** The standard size: 256 buckets. */
    public static final int SIZE = 32;

    private final byte[] bytes;

    private HashBucketAssignment(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The assignment whose wire form is {@code bytes} (copied). */
    public static HashBucketAssignment of(byte[] bytes) {
        return new HashBucketAssignment(bytes.clone());
    }

    /** A copy of the option value. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** True if this covers all 256 buckets; ISC refuses a CONNECT otherwise. */
    public boolean isComplete() {
        return bytes.length == SIZE;
    }

    /**
     * True if the bit of {@code bucket} is set.
     *
     * @throws IllegalStateException    if the assignment is not {@link #isComplete() complete}
     * @throws IllegalArgumentException if {@code bucket} is not 0-255
     */
    public boolean isSet(int bucket) {
        if (!isComplete()) {
            throw new IllegalStateException("hash bucket assignment of " + bytes.length + " bytes, not " + SIZE);
        }
        if (bucket < 0 || bucket > 255) {
            throw new IllegalArgumentException("bucket " + bucket + " is not 0-255");
        }
        return (bytes[bucket >> 3] & (1 << (bucket & 7))) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashBucketAssignment other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HBA " + HexFormat.of().formatHex(bytes);
    }
}

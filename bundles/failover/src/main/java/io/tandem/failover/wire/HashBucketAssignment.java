package io.tandem.failover.wire;

import io.tandem.api.HashBuckets;
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

    /** The assignment that sets exactly {@code buckets}. */
    public static HashBucketAssignment of(HashBuckets buckets) {
        return new HashBucketAssignment(buckets.toBytes());
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
     * The buckets whose bits are set.
     *
     * @throws IllegalStateException if the assignment is not {@link #isComplete() complete}
     */
    public HashBuckets buckets() {
        if (!isComplete()) {
            throw new IllegalStateException("hash bucket assignment of " + bytes.length + " bytes, not " + SIZE);
        }
        return HashBuckets.of(bytes);
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

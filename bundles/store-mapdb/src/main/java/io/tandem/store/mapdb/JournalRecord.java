package io.tandem.store.mapdb;

import io.tandem.api.model.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;

/**
 * One group of leases as the journal stores it:
 * <pre>
 *   i32     payload length
 *   i64     sequence number (one per group, consecutive)
 *   i32     CRC32C of the sequence number and the payload
 *   payload packed lease count, then each lease as {@link LeaseSerializer} writes it
 * </pre>
 * The checksum covers the sequence number so a stale record that happens to sit at the right offset is not taken
 * for the expected one. Zeros pad every record to a whole number of {@link #BLOCK_BYTES} blocks, so each record
 * starts on a block boundary and appending one never rewrites a block of an acknowledged record: a write torn by a
 * power loss damages only the record being appended.
 */
record JournalRecord(long sequence, List<Lease> leases) {

    static final int HEADER_BYTES = Integer.BYTES + Long.BYTES + Integer.BYTES;
    /** The block size records are aligned to: the page size, and the sector size of 4Kn and 512e disks. */
    static final int BLOCK_BYTES = 4096;
    /**
     * The longest record, padding included, the journal writes: far above a group of several batches (at most
     * 16,384 leases of well under 2 KiB each) and a pool balancing's single batch (hundreds of thousands of leases of
     * a few bytes), and the longest stretch at the end of the journal a torn append can leave unreadable.
     */
    static final int MAX_BYTES = 32 << 20;

    private static final LeaseSerializer SERIALIZER = new LeaseSerializer();

    /**
     * The record's bytes with their padding, ready to append, in buffers of their own.
     *
     * @throws IllegalArgumentException if they would exceed {@link #MAX_BYTES}
     */
    ByteBuffer encode() {
        return encode(new Encoder());
    }

    /**
     * The record's bytes with their padding, ready to append, in {@code encoder}'s buffers: valid until its next
     * use.
     *
     * @throws IllegalArgumentException if they would exceed {@link #MAX_BYTES}
     */
    ByteBuffer encode(Encoder encoder) {
        DataOutput2 payload = encoder.payload();
        try {
            payload.packInt(leases.size());
            for (Lease lease : leases) {
                SERIALIZER.serialize(payload, lease);
            }
        } catch (IOException e) {
            // DataOutput2 writes to memory; its IOException is only declared.
            throw new UncheckedIOException(e);
        }
        long padded = alignUp(HEADER_BYTES + (long) payload.pos);
        if (padded > MAX_BYTES) {
            throw new IllegalArgumentException("a journal record of " + leases.size() + " leases would take " + padded
                    + " bytes, more than the " + MAX_BYTES + " a record may");
        }
        ByteBuffer record = encoder.record((int) padded)
                .putInt(payload.pos)
                .putLong(sequence)
                .putInt(checksum(sequence, payload.buf, 0, payload.pos))
                .put(payload.buf, 0, payload.pos);
        // The padding: a reused buffer holds an earlier record's bytes there.
        while (record.hasRemaining()) {
            record.put((byte) 0);
        }
        return record.flip();
    }

    /**
     * The buffers a writer encodes its records in, kept from one record to the next: the journal encodes one record
     * per group, most of them a single block, and new buffers for each were 7 % of a loaded server's garbage. The
     * rare large record (pool balancing) gets buffers of its own. Not thread-safe.
     */
    static final class Encoder {

        private static final int KEPT_BYTES = 64 * BLOCK_BYTES;

        /** Direct, so that a write to the journal's file does not copy it into a temporary direct buffer. */
        private final ByteBuffer keptRecord = ByteBuffer.allocateDirect(KEPT_BYTES);
        private DataOutput2 payload = new DataOutput2();

        /** An empty payload buffer: the last one, unless a large record grew it beyond what is kept. */
        private DataOutput2 payload() {
            if (payload.buf.length > KEPT_BYTES) {
                payload = new DataOutput2();
            }
            payload.pos = 0;
            return payload;
        }

        /** An empty buffer of exactly {@code bytes}. */
        private ByteBuffer record(int bytes) {
            return bytes <= KEPT_BYTES ? keptRecord.clear().limit(bytes) : ByteBuffer.allocate(bytes);
        }
    }

    /** {@code offset} rounded up to the next block boundary. */
    static long alignUp(long offset) {
        return (offset + BLOCK_BYTES - 1) & -BLOCK_BYTES;
    }

    /** The checksum of a record with {@code sequence} whose payload is {@code bytes[offset, offset + length)}. */
    static int checksum(long sequence, byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, sequence));
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Decodes a payload whose checksum matched.
     *
     * @throws IOException if it does not hold exactly the leases it announces
     */
    static JournalRecord decode(long sequence, byte[] payload) throws IOException {
        DataInput2.ByteArray in = new DataInput2.ByteArray(payload);
        int count = in.unpackInt();
        List<Lease> leases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            leases.add(SERIALIZER.deserialize(in, payload.length - in.pos));
        }
        if (in.pos != payload.length) {
            throw new IOException((payload.length - in.pos) + " bytes follow the " + count + " leases of the record");
        }
        return new JournalRecord(sequence, List.copyOf(leases));
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One file of the journal, {@code <store>.journal.<first sequence>}, and the reading of it at open. The first
 * sequence is zero-padded so that name order is sequence order.
 */
record JournalSegment(Path path, long firstSequence) {

    private static final String INFIX = ".journal.";

    static JournalSegment of(Path storeFile, long firstSequence) {
        return new JournalSegment(storeFile.resolveSibling(
                storeFile.getFileName() + INFIX + String.format("%020d", firstSequence)), firstSequence);
    }

    /** The journal segments beside {@code storeFile}, oldest first. */
    static List<JournalSegment> list(Path storeFile) {
        String prefix = storeFile.getFileName() + INFIX;
        List<JournalSegment> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(storeFile.toAbsolutePath().getParent(),
                candidate -> candidate.getFileName().toString().startsWith(prefix))) {
            for (Path file : files) {
                String suffix = file.getFileName().toString().substring(prefix.length());
                if (suffix.matches("[0-9]{20}")) {
                    segments.add(new JournalSegment(storeFile.resolveSibling(file.getFileName()),
                            Long.parseLong(suffix)));
                }
            }
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal of " + storeFile + " cannot be listed: " + e, e);
        }
        segments.sort(Comparator.comparingLong(JournalSegment::firstSequence));
        return segments;
    }

    /**
     * Hands every record of this segment to {@code visitor} in order and returns the length of its intact
     * records. A record cut short by the end of the file, or failing its checksum as the file's last record, is
     * the torn tail of an append that was never acknowledged: when {@code tail} is true, and no intact record
     * follows it, reading stops there and the caller truncates it. Anything else wrong is damage to acknowledged
     * records.
     *
     * @throws LeaseStoreException naming the file and offset of the damage
     */
    long read(boolean tail, Consumer<JournalRecord> visitor) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal " + path + " cannot be read: " + e, e);
        }
        long offset = 0;
        long expected = firstSequence;
        try (InputStream file = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (offset < size) {
                if (size - offset < JournalRecord.HEADER_BYTES) {
                    return tornTail(tail, offset, expected, "a record header cut short by the end of the file");
                }
                int length = in.readInt();
                long sequence = in.readLong();
                int checksum = in.readInt();
                long end = offset + JournalRecord.HEADER_BYTES + length;
                if (length < 0 || end > size) {
                    return tornTail(tail, offset, expected, "a record of " + length
                            + " bytes past the end of the file");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (JournalRecord.checksum(sequence, payload, 0, length) != checksum) {
                    if (end == size) {
                        return tornTail(tail, offset, expected, "a last record failing its checksum");
                    }
                    throw damage(offset, "a record failing its checksum");
                }
                if (sequence != expected) {
                    throw damage(offset, "record sequence " + sequence + " where " + expected + " was expected");
                }
                visitor.accept(decode(sequence, payload, offset));
                expected++;
                offset = end;
            }
            return offset;
        } catch (EOFException e) {
            throw damage(offset, "the file shrank while it was read");
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal " + path + " cannot be read at offset " + offset + ": "
                    + e, e);
        }
    }

    private JournalRecord decode(long sequence, byte[] payload, long offset) {
        try {
            return JournalRecord.decode(sequence, payload);
        } catch (IOException | RuntimeException e) {
            throw damage(offset, "record " + sequence + " has a valid checksum but unreadable leases (" + e + ")");
        }
    }

    /**
     * Accepts what starts at {@code offset} as a torn tail, or throws if it cannot be one: in a segment that later
     * segments follow, or followed by an intact later record (then a damaged length field, not a torn append, made
     * the record look cut short, and discarding the rest would lose acknowledged records).
     */
    private long tornTail(boolean tail, long offset, long expected, String what) throws IOException {
        if (!tail) {
            throw damage(offset, what + " in a segment that later segments follow");
        }
        byte[] segment = Files.readAllBytes(path);
        for (int at = (int) offset + 1; at + JournalRecord.HEADER_BYTES <= segment.length; at++) {
            if (isIntactRecord(segment, at, expected)) {
                throw damage(offset, what + ", yet an intact later record follows at offset " + at);
            }
        }
        return offset;
    }

    /** True if {@code bytes} hold, at {@code at}, a whole record numbered {@code expected} or later. */
    private static boolean isIntactRecord(byte[] bytes, int at, long expected) {
        ByteBuffer header = ByteBuffer.wrap(bytes, at, JournalRecord.HEADER_BYTES);
        int length = header.getInt();
        long sequence = header.getLong();
        int checksum = header.getInt();
        int payloadAt = at + JournalRecord.HEADER_BYTES;
        // Cheap tests first: this runs at every offset of the rest of the segment.
        return length >= 0 && length <= bytes.length - payloadAt
                && sequence >= expected && sequence - expected < bytes.length
                && JournalRecord.checksum(sequence, bytes, payloadAt, length) == checksum;
    }

    private LeaseStoreException damage(long offset, String what) {
        return new LeaseStoreException("lease journal " + path + " is damaged at offset " + offset + ": " + what
                + "; acknowledged leases may be lost, refusing to start");
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
     * Hands every record of this segment to {@code visitor} in order and returns the offset after its intact
     * records (after the last one's padding). When {@code tail} is true (the last segment, the only one an append
     * may have been writing to when power failed), a bad region at its end is the torn tail of an append that was
     * never acknowledged, whatever its bytes (cut short, zeros, stale records of a deleted segment, garbage) as long
     * as it is no longer than one record can be and no intact record follows it: reading stops there and the
     * caller truncates it. Anything else wrong is damage to acknowledged records.
     *
     * @throws LeaseStoreException naming the file and offset of the damage
     */
    long read(boolean tail, Consumer<JournalRecord> visitor) {
        long offset = 0;
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = file.size();
            long expected = firstSequence;
            while (offset < size) {
                Header header = Header.read(file, offset);
                String problem = header.problem(size);
                if (problem != null) {
                    return badRegion(file, tail, offset, size, expected, problem);
                }
                byte[] payload = header.payload(file);
                if (!header.matches(payload)) {
                    return badRegion(file, tail, offset, size, expected, "a record failing its checksum");
                }
                if (header.sequence < expected) {
                    return badRegion(file, tail, offset, size, expected, "a stale record (sequence "
                            + header.sequence + " where " + expected + " was expected)");
                }
                if (header.sequence > expected) {
                    throw damage(offset, "record sequence " + header.sequence + " where " + expected
                            + " was expected");
                }
                visitor.accept(decode(header.sequence, payload, offset));
                expected++;
                offset = JournalRecord.alignUp(header.end());
            }
            return offset;
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal " + path + " cannot be read at offset " + offset + ": "
                    + e, e);
        }
    }

    /** A record header read at {@code offset}; fields are meaningless until {@link #problem} returns null. */
    private record Header(long offset, int length, long sequence, int checksum) {

        static Header read(FileChannel file, long offset) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(JournalRecord.HEADER_BYTES);
            readFully(file, bytes, offset);
            bytes.flip();
            if (bytes.remaining() < JournalRecord.HEADER_BYTES) {
                return new Header(offset, -1, -1, 0);
            }
            return new Header(offset, bytes.getInt(), bytes.getLong(), bytes.getInt());
        }

        long end() {
            return offset + JournalRecord.HEADER_BYTES + length;
        }

        /** What makes this header unusable in a file of {@code size} before its checksum is checked, or null. */
        String problem(long size) {
            if (size - offset < JournalRecord.HEADER_BYTES) {
                return "a record header cut short by the end of the file";
            }
            if (length < 0 || end() > size) {
                return "a record of " + length + " bytes past the end of the file";
            }
            if (JournalRecord.alignUp(end() - offset) > JournalRecord.MAX_BYTES) {
                return "a record of " + length + " bytes, longer than any record";
            }
            return null;
        }

        byte[] payload(FileChannel file) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            readFully(file, bytes, offset + JournalRecord.HEADER_BYTES);
            return bytes.array();
        }

        /** True if {@code payload} is this record's: checksum and sequence both match. */
        boolean matches(byte[] payload) {
            return JournalRecord.checksum(sequence, payload, 0, payload.length) == checksum;
        }
    }

    /**
     * Accepts the region from {@code offset} to the end of the file as a torn tail, or throws if it cannot be one:
     * in a segment that later segments follow, longer than one record, or followed by an intact record (then
     * damage, not a torn append, made this record unreadable, and discarding the rest would lose acknowledged
     * records). A record with a valid checksum but an earlier sequence is stale data of a deleted segment.
     */
    private long badRegion(FileChannel file, boolean tail, long offset, long size, long expected, String what)
            throws IOException {
        if (!tail) {
            throw damage(offset, what + " in a segment that later segments follow");
        }
        if (size - offset > JournalRecord.MAX_BYTES) {
            throw damage(offset, what + ", with " + (size - offset) + " bytes after it, more than one torn append"
                    + " can leave");
        }
        for (long at = JournalRecord.alignUp(offset + 1); at < size; at += JournalRecord.BLOCK_BYTES) {
            Header later = Header.read(file, at);
            if (later.problem(size) == null && later.sequence >= expected
                    && later.matches(later.payload(file))) {
                throw damage(offset, what + ", yet an intact later record follows at offset " + at);
            }
        }
        return offset;
    }

    private static void readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining() && file.read(into, position + into.position()) >= 0) {
            // read until full or the end of the file
        }
    }

    private JournalRecord decode(long sequence, byte[] payload, long offset) {
        try {
            return JournalRecord.decode(sequence, payload);
        } catch (IOException | RuntimeException e) {
            throw damage(offset, "record " + sequence + " has a valid checksum but unreadable leases (" + e + ")");
        }
    }

    private LeaseStoreException damage(long offset, String what) {
        return new LeaseStoreException("lease journal " + path + " is damaged at offset " + offset + ": " + what
                + "; acknowledged leases may be lost, refusing to start");
    }
}

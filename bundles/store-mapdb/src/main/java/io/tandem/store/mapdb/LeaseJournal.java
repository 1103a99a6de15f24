package io.tandem.store.mapdb;

import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal that makes groups durable: one {@link JournalRecord} per group, synced before the group
 * is acknowledged. The MapDB files are checkpoints of it; records both files hold are discarded by deleting whole
 * segment files. A new segment starts at every checkpoint (if the current one holds a record), or once the current
 * one passes {@link #SEGMENT_BYTES}, so covered records go at the next checkpoint.
 *
 * <p>Thread safety: {@link #append} (the writer) and {@link #discardThrough} (the checkpointer) exclude each other.
 */
final class LeaseJournal implements AutoCloseable {

    static final long SEGMENT_BYTES = 64L << 20;

    /**
     * How much zero-filled room an append that runs out of it prepares. The sync after a write that grows the file
     * must also commit the file's new size and blocks (on ext4 a further thread wakes and the writer waits for it: a
     * third of a lone append's time), while a write into room already on disk is synced as data alone. So the active
     * segment grows a chunk at a time, zero-filled and synced with its size, and appends overwrite the zeros. No
     * more than a segment holds (tests use small ones).
     */
    static final int PREPARE_BYTES = 1 << 20;

    private static final ByteBuffer ZEROS = ByteBuffer.allocate(64 << 10).asReadOnlyBuffer();

    private static final Logger LOG = LoggerFactory.getLogger(LeaseJournal.class);

    private final Path storeFile;
    /** The size past which the next append starts a new segment. */
    private final long segmentBytes;
    /** How far past a record that runs out of room the next room reaches. */
    private final long prepareBytes;
    /** Oldest first; the last one is appended to. */
    private final Deque<JournalSegment> segments;
    private final JournalRecord.Encoder encoder = new JournalRecord.Encoder();
    private FileChannel active;
    private long activeBytes;
    /** How far the active segment holds room: from {@link #activeBytes} on, zeros appends may overwrite. */
    private long preparedBytes;
    /**
     * False once preparing room failed in the active segment (a full disk): trying at every append would take the
     * disk's last free space from the checkpoint files' writes, again and again. A new segment tries again.
     */
    private boolean preparing = true;
    /**
     * True from the first room prepared in the active segment until a synced cut back to its records: before then a
     * power loss may bring the room back, even after a cut that did not reach the disk.
     */
    private boolean roomOnDisk;
    private long lastSequence;
    /**
     * Why the journal must not change any more, or null: a failed append that could not be cut off again, or a
     * failed sync (after which the record's state on disk is unknown, and a retried sync can falsely succeed).
     * Starting a segment then could reuse the failed record's sequence number; deleting one could act on records
     * the files do not hold.
     */
    private String unusable;
    private final long replayedRecords;
    private volatile long syncs;

    private LeaseJournal(Path storeFile, long segmentBytes, Deque<JournalSegment> segments, FileChannel active,
            long activeBytes, long lastSequence, long replayedRecords) {
        this.storeFile = storeFile;
        this.segmentBytes = segmentBytes;
        this.prepareBytes = Math.min(PREPARE_BYTES, JournalRecord.alignUp(segmentBytes));
        this.segments = segments;
        this.active = active;
        this.activeBytes = activeBytes;
        this.preparedBytes = activeBytes;
        this.lastSequence = lastSequence;
        this.replayedRecords = replayedRecords;
    }

    /**
     * Opens the journal of {@code storeFile}, hands every record after {@code checkpointed} to {@code replay},
     * discards a torn tail, and returns the journal ready to append.
     *
     * @param checkpointed the sequence both checkpoint files hold
     * @param newest the sequence the more recent checkpoint file holds
     * @throws LeaseStoreException if records the checkpoint files lack are missing or damaged
     */
    static LeaseJournal open(Path storeFile, long checkpointed, long newest, Consumer<JournalRecord> replay) {
        return open(storeFile, checkpointed, newest, replay, SEGMENT_BYTES);
    }

    /** As above, starting new segments past {@code segmentBytes} (tests use small ones to exercise rotation). */
    static LeaseJournal open(Path storeFile, long checkpointed, long newest, Consumer<JournalRecord> replay,
            long segmentBytes) {
        Deque<JournalSegment> segments = new ArrayDeque<>(JournalSegment.list(storeFile));
        try {
            if (segments.isEmpty()) {
                if (newest > 0) {
                    throw new LeaseStoreException("lease journal of " + storeFile + " is missing (no "
                            + JournalSegment.of(storeFile, checkpointed + 1).path().getFileName() + "): the store"
                            + " holds sequence " + newest + " and acknowledged leases after it would be lost;"
                            + " refusing to start");
                }
                JournalSegment first = JournalSegment.of(storeFile, 1);
                createSegment(first);
                segments.add(first);
            }
            dropCheckpointedSegments(segments, checkpointed);
            if (segments.getFirst().firstSequence() > checkpointed + 1) {
                throw new LeaseStoreException("lease journal of " + storeFile + " starts at sequence "
                        + segments.getFirst().firstSequence() + " but the store files need every record after "
                        + checkpointed + ": " + segments.getFirst().path() + " is not the oldest segment");
            }
            ReplayCursor cursor = new ReplayCursor(segments.getFirst().firstSequence() - 1, checkpointed, replay);
            long activeBytes = 0;
            for (JournalSegment segment : segments) {
                if (segment.firstSequence() != cursor.lastSequence + 1) {
                    throw new LeaseStoreException("lease journal segment " + segment.path() + " starts at sequence "
                            + segment.firstSequence() + " but the segment before it ends at " + cursor.lastSequence);
                }
                activeBytes = segment.read(segment == segments.getLast(), cursor);
            }
            if (cursor.lastSequence < newest) {
                throw new LeaseStoreException("lease journal of " + storeFile + " ends at sequence "
                        + cursor.lastSequence + " but the store files hold sequence " + newest
                        + ": the journal lost records");
            }
            FileChannel active = FileChannel.open(segments.getLast().path(), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            discardTornTail(segments.getLast().path(), active, activeBytes);
            syncEverySegment(segments, active);
            return new LeaseJournal(storeFile, segmentBytes, segments, active, activeBytes, cursor.lastSequence,
                    cursor.replayed);
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal of " + storeFile + " cannot be opened: " + e, e);
        }
    }

    /**
     * Deletes the oldest segments while the one after each starts within the checkpointed records: everything they
     * hold is in both checkpoint files. A power loss can bring back a segment whose deletion was not yet on disk
     * while a later deleted one stays gone; the gap between them, all checkpointed, must not refuse the store.
     */
    private static void dropCheckpointedSegments(Deque<JournalSegment> segments, long checkpointed)
            throws IOException {
        if (!oldestCoveredThrough(segments, checkpointed)) {
            return;
        }
        // The segments that stay must be in the directory for good before those they replace leave it: the last one
        // may have been created by a process that died before it synced the directory.
        Directories.syncParentOf(segments.getLast().path());
        do {
            JournalSegment covered = segments.removeFirst();
            LOG.info("lease journal deleting checkpointed segment file=" + covered.path() + " checkpointed="
                    + checkpointed);
            Files.delete(covered.path());
        } while (oldestCoveredThrough(segments, checkpointed));
        Directories.syncParentOf(segments.getFirst().path());
    }

    /** True if the oldest of {@code segments} is not the last one and holds no record after {@code sequence}. */
    private static boolean oldestCoveredThrough(Deque<JournalSegment> segments, long sequence) {
        if (segments.size() < 2) {
            return false;
        }
        Iterator<JournalSegment> oldestFirst = segments.iterator();
        oldestFirst.next();
        return oldestFirst.next().firstSequence() - 1 <= sequence;
    }

    /** Hands the records after the checkpoint to the replay, counting them, and tracks the last one read. */
    private static final class ReplayCursor implements Consumer<JournalRecord> {

        private final long checkpointed;
        private final Consumer<JournalRecord> replay;
        private long lastSequence;
        private long replayed;

        ReplayCursor(long lastSequence, long checkpointed, Consumer<JournalRecord> replay) {
            this.lastSequence = lastSequence;
            this.checkpointed = checkpointed;
            this.replay = replay;
        }

        @Override
        public void accept(JournalRecord record) {
            lastSequence = record.sequence();
            if (lastSequence > checkpointed) {
                replay.accept(record);
                replayed++;
            }
        }
    }

    /**
     * Syncs every segment and their directory before anything is appended: what was read may be in the page cache
     * only (a record whose sync failed, a segment whose directory entry was not yet synced when the last process
     * died), and new records must not come to depend on it.
     */
    private static void syncEverySegment(Deque<JournalSegment> segments, FileChannel active) throws IOException {
        for (JournalSegment segment : segments) {
            if (segment == segments.getLast()) {
                active.force(true);
            } else {
                try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        }
        Directories.syncParentOf(segments.getLast().path());
    }

    private static void discardTornTail(Path segment, FileChannel channel, long intactBytes) throws IOException {
        long size = channel.size();
        if (size > intactBytes) {
            if (zeros(channel, intactBytes, size)) {
                // The room the last process prepared for appends and did not use: the expected end of a segment.
                LOG.info("lease journal releasing unused room file=" + segment + " offset=" + intactBytes
                        + " bytes=" + (size - intactBytes));
            } else {
                LOG.warn("lease journal discarding torn tail file=" + segment
                        + " offset=" + intactBytes + " bytes=" + (size - intactBytes)
                        + " reason=append interrupted by a crash, never acknowledged");
            }
            channel.truncate(intactBytes);
            channel.force(true);
        }
    }

    /** True if every byte of {@code channel} from {@code from} to {@code to} is zero. */
    private static boolean zeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(ZEROS.capacity());
        for (long position = from; position < to; ) {
            bytes.clear().limit((int) Math.min(bytes.capacity(), to - position));
            int read = channel.read(bytes, position);
            if (read < 0) {
                return true;
            }
            for (int i = 0; i < read; i++) {
                if (bytes.get(i) != 0) {
                    return false;
                }
            }
            position += read;
        }
        return true;
    }

    /**
     * Appends {@code leases} as the next record and syncs it to disk.
     *
     * @return the record's sequence number
     * @throws LeaseStoreException if it could not; the record is then removed again as far as possible, and the
     *     journal must not be used any more
     * @throws IllegalArgumentException if the leases exceed one record, before anything is written
     */
    synchronized long append(List<Lease> leases) {
        checkUsable();
        ByteBuffer record = new JournalRecord(lastSequence + 1, leases).encode(encoder);
        if (activeBytes >= segmentBytes) {
            // Here rather than after the last append, so that failing to start a segment fails no acknowledged record.
            startSegment();
        }
        long sequence = lastSequence + 1;
        long start = activeBytes;
        IOException failure = writeAndSync(record, start);
        if (failure != null) {
            throw new LeaseStoreException("lease journal " + segments.getLast().path() + " could not append record "
                    + sequence + " at offset " + start + ": " + failure + (unusable == null ? ""
                            : "; the journal must not change until the store is reopened: " + unusable), failure);
        }
        lastSequence = sequence;
        activeBytes += record.limit();
        return sequence;
    }

    /**
     * Writes {@code record} at {@code start} and syncs it; on failure cuts it off again and returns the error. A
     * failure the journal cannot recover from sets {@link #unusable}.
     */
    private IOException writeAndSync(ByteBuffer record, long start) {
        long end = start + record.remaining();
        if (end > preparedBytes && preparing) {
            prepare(start, end);
        }
        boolean written = false;
        try {
            for (long position = start; record.hasRemaining(); ) {
                position += active.write(record, position);
            }
            written = true;
            preparedBytes = Math.max(preparedBytes, end);
            active.force(false);
            syncs++;
            return null;
        } catch (IOException e) {
            if (written && !(e instanceof ClosedChannelException)) {
                // The kernel's error, not a channel closed under the sync (an interrupt): the pages it failed to write
                // may be dropped and the error cleared, so a retried sync could falsely succeed.
                unusable = "a sync failed (" + e + ")";
            }
            removeFailedRecord(start);
            return e;
        }
    }

    /**
     * Grows the active segment with zeros, synced with its new size, to {@link #prepareBytes} past {@code end}, the
     * end of the record about to be written at {@code start}, but no further than a torn append may leave unreadable
     * (see {@link JournalSegment#read}). If it cannot (a full disk), the segment is cut back to {@code start} and the
     * record's own write grows it, as it would without this room.
     */
    private void prepare(long start, long end) {
        long target = Math.min(end + prepareBytes, start + JournalRecord.MAX_BYTES);
        roomOnDisk = true;
        try {
            for (long position = preparedBytes; position < target; ) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), target - position));
                position += active.write(zeros, position);
            }
            active.force(true);
            preparedBytes = target;
        } catch (IOException e) {
            try {
                if (active.isOpen()) {
                    active.truncate(start);
                }
            } catch (IOException ignored) {
                // The record's write fails too, or overwrites the zeros; either way reading stops at zeros.
            }
            preparedBytes = start;
            preparing = false;
            LOG.warn("lease journal cannot prepare room for appends file=" + segments.getLast().path() + " offset="
                    + start + " error=" + e + " effect=appends grow the file (slower syncs) until the next segment");
        }
    }

    /**
     * Cuts a record whose append failed off the segment, so a restart does not replay a batch its callers were
     * told failed, and the next append can take its place (a full disk that has room again). Reopens the file: an
     * interrupt closes the channel it hits.
     */
    private void removeFailedRecord(long start) {
        Path segment = segments.getLast().path();
        // A pending interrupt would close the repair channel too; clear it for the repair, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            if (!active.isOpen()) {
                active = FileChannel.open(segment, StandardOpenOption.WRITE);
            }
            active.truncate(start);
            active.force(true);
            preparedBytes = start;
        } catch (IOException | RuntimeException e) {
            LOG.error("lease journal could not remove failed record file=" + segment
                    + " offset=" + start + " error=" + e);
            unusable = "a failed record at offset " + start + " of " + segment + " could not be removed, a restart"
                    + " may replay it (" + e + ")";
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** False once a failure left the journal in a state only a reopen can tell: see {@link #unusable}. */
    synchronized boolean usable() {
        return unusable == null;
    }

    /**
     * Deletes the segments whose records are all at most {@code sequence}, which both checkpoint files now hold.
     * Starts a new segment first if the one being appended to holds any record: under steady load the active
     * segment is never wholly covered, and with 4 KiB per record it would otherwise grow to {@link #SEGMENT_BYTES}
     * before it could go (tens of megabytes a minute at a few thousand ACKs a second, on a disk that may be small).
     * So the journal holds about the records of the last two checkpoint intervals.
     */
    synchronized void discardThrough(long sequence) {
        checkUsable();
        if (activeBytes > 0) {
            startSegment();
        }
        try {
            boolean deleted = false;
            while (oldestCoveredThrough(segments, sequence)) {
                Files.delete(segments.removeFirst().path());
                deleted = true;
            }
            if (deleted) {
                // A deleted segment that reappeared after a power loss would sit before a gap in the sequence.
                Directories.syncParentOf(storeFile);
            }
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal of " + storeFile + " could not delete a covered segment: "
                    + e, e);
        }
    }

    private void checkUsable() {
        if (unusable != null) {
            throw new LeaseStoreException("lease journal of " + storeFile + " must not change until the store is"
                    + " reopened: " + unusable);
        }
    }

    private void startSegment() {
        JournalSegment next = JournalSegment.of(storeFile, lastSequence + 1);
        if (roomOnDisk) {
            // Only the last segment may end in zeros: reading takes them for damage in one that others follow. The
            // file's size, not preparedBytes: room whose preparation failed may be left over.
            try {
                if (active.size() > activeBytes) {
                    active.truncate(activeBytes);
                }
                active.force(true);
                roomOnDisk = false;
            } catch (IOException e) {
                // Whether the cut reached the disk is unknown (a retried sync can falsely succeed): no segment may
                // follow this one until a reopen cuts its tail again.
                unusable = "cutting segment " + segments.getLast().path() + " to its records failed (" + e + ")";
                throw new LeaseStoreException("lease journal segment " + segments.getLast().path() + " cannot be"
                        + " cut to its records at offset " + activeBytes + " before a new segment starts: " + e, e);
            }
        }
        try {
            createSegment(next);
            FileChannel channel = FileChannel.open(next.path(), StandardOpenOption.WRITE);
            active.close();
            active = channel;
            activeBytes = 0;
            preparedBytes = 0;
            preparing = true;
            segments.addLast(next);
        } catch (IOException e) {
            throw new LeaseStoreException("lease journal segment " + next.path() + " cannot be created: " + e, e);
        }
    }

    private static void createSegment(JournalSegment segment) throws IOException {
        Directories.createDurably(segment.path().toAbsolutePath().getParent());
        Files.createFile(segment.path());
        Directories.syncParentOf(segment.path());
    }

    /** How many records {@link #open} replayed. */
    long replayedRecords() {
        return replayedRecords;
    }

    /** How many times the journal was synced to disk since it opened. */
    long syncs() {
        return syncs;
    }

    @Override
    public synchronized void close() {
        try {
            if (unusable == null && active.isOpen() && active.size() > activeBytes) {
                // Tidiness only: opening releases unused room anyway.
                active.truncate(activeBytes);
            }
        } catch (IOException e) {
            LOG.warn("lease journal could not release unused room file=" + segments.getLast().path() + " error=" + e);
        }
        try {
            active.close();
        } catch (IOException e) {
            LOG.warn("lease journal close failed file=" + segments.getLast().path()
                    + " error=" + e);
        }
    }
}

package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A channel of a {@link PowerLossFileSystem}: reads and writes the real file, records each write, truncation and
 * sync, and fails where the test armed a fault. Syncs are recorded, not performed: what they make durable is the
 * {@link DiskModel}'s business, and real ones would only slow the test down.
 */
final class RecordingFileChannel extends FileChannel {

    private final FileChannel real;
    private final Path file;
    private final int inode;
    /** A channel opened on a directory, to sync its entries. */
    private final boolean directory;
    private final boolean append;
    private final DiskRecorder recorder;
    private final InjectedFaults faults;

    RecordingFileChannel(FileChannel real, Path file, int inode, boolean directory, boolean append,
            DiskRecorder recorder, InjectedFaults faults) {
        this.real = real;
        this.file = file;
        this.inode = inode;
        this.directory = directory;
        this.append = append;
        this.recorder = recorder;
        this.faults = faults;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long offset = append ? real.size() : real.position();
        int written = write(src, offset);
        real.position(offset + written);
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += write(srcs[i]);
        }
        return written;
    }

    /** Writes all of {@code src} at {@code position}, or, if a write failure is armed, part of it and throws. */
    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int failAfter = faults.takeWriteFailure();
        byte[] bytes = new byte[failAfter < 0 ? src.remaining() : Math.min(failAfter, src.remaining())];
        src.get(bytes);
        for (ByteBuffer buffer = ByteBuffer.wrap(bytes); buffer.hasRemaining(); ) {
            real.write(buffer, position + buffer.position());
        }
        if (bytes.length > 0) {
            recorder.wrote(inode, file, position, bytes);
        }
        if (failAfter >= 0) {
            recorder.failed("write after " + bytes.length + " bytes to", file);
            throw new IOException("injected write failure after " + bytes.length + " bytes");
        }
        return bytes.length;
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (faults.takeTruncateFailure()) {
            recorder.failed("truncate", file);
            throw new IOException("injected truncation failure");
        }
        if (size < real.size()) {
            recorder.truncated(inode, file, size);
        }
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.takeSyncFailure()) {
            recorder.failed(directory ? "sync directory" : "sync", file);
            throw new IOException("injected sync failure");
        }
        recorder.synced(inode, file, directory);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("writes through transferFrom are not recorded");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new UnsupportedOperationException("writes through a mapping are not recorded");
        }
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}

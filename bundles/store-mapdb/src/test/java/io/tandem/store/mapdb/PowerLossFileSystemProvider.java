package io.tandem.store.mapdb;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of a {@link PowerLossFileSystem}: carries each operation out on the real path and records, through
 * its {@link DiskRecorder}, those that change what is on disk. Streams and {@code Files.createFile} go through
 * {@link #newByteChannel}, hence through a {@link RecordingFileChannel} too.
 */
final class PowerLossFileSystemProvider extends FileSystemProvider {

    private final PowerLossFileSystem fileSystem;
    private final DiskRecorder recorder;
    private final InjectedFaults faults;

    PowerLossFileSystemProvider(PowerLossFileSystem fileSystem, DiskRecorder recorder, InjectedFaults faults) {
        this.fileSystem = fileSystem;
        this.recorder = recorder;
        this.faults = faults;
    }

    @Override
    public String getScheme() {
        return "powerloss";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("use PowerLossFileSystem.on(directory)");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("use PowerLossFileSystem.on(directory)");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("power-loss paths have no URI");
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path real = fileSystem.real(path);
        boolean existed = Files.exists(real, LinkOption.NOFOLLOW_LINKS);
        boolean truncates = existed && options.contains(StandardOpenOption.WRITE)
                && options.contains(StandardOpenOption.TRUNCATE_EXISTING) && Files.size(real) > 0;
        FileChannel channel = FileChannel.open(real, options, attrs);
        if (!existed) {
            recorder.created(real, false);
        }
        int inode = recorder.inodeOf(real);
        if (truncates) {
            recorder.truncated(inode, real, 0);
        }
        return new RecordingFileChannel(channel, real, inode, Files.isDirectory(real),
                options.contains(StandardOpenOption.APPEND), recorder, faults);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> entries = Files.newDirectoryStream(fileSystem.real(dir),
                entry -> filter.accept(fileSystem.wrap(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> real = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return real.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fileSystem.wrap(real.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path real = fileSystem.real(dir);
        Files.createDirectory(real, attrs);
        recorder.created(real, true);
    }

    @Override
    public void delete(Path path) throws IOException {
        Path real = fileSystem.real(path);
        Files.delete(real);
        recorder.deleted(real);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new UnsupportedOperationException("copies are not recorded: nothing under test copies through NIO");
    }

    /** Renames within one directory, the only moves the model knows. */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = fileSystem.real(source).toAbsolutePath();
        Path to = fileSystem.real(target).toAbsolutePath();
        if (!from.getParent().equals(to.getParent())) {
            throw new UnsupportedOperationException("only renames within a directory are recorded: " + from
                    + " to " + to);
        }
        Files.move(from, to, options);
        recorder.renamed(from, to);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return Files.isSameFile(fileSystem.real(path), fileSystem.real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return Files.isHidden(fileSystem.real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(fileSystem.real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Path real = fileSystem.real(path);
        real.getFileSystem().provider().checkAccess(real, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return Files.getFileAttributeView(fileSystem.real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return Files.readAttributes(fileSystem.real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return Files.readAttributes(fileSystem.real(path), attributes, options);
    }

    /** Attributes (times, permissions) do not decide what a power loss keeps: set, not recorded. */
    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Files.setAttribute(fileSystem.real(path), attribute, value, options);
    }
}

package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * A file system over a real directory that records every operation deciding what a power loss would leave on disk
 * ({@link DiskOperation}), so that {@link DiskModel} can rebuild the disk at any step, and fails operations where a
 * test armed a fault ({@link #faults}). Code under test reaches it through its paths, e.g.
 * {@code PowerLossFileSystem.on(dir).root().resolve("leases.db")}. MapDB writes through {@code path.toFile()},
 * around this file system: its writes are not recorded.
 */
final class PowerLossFileSystem extends FileSystem {

    private static final FileSystem DEFAULT = FileSystems.getDefault();

    private final Path root;
    private final DiskRecorder recorder;
    private final InjectedFaults faults = new InjectedFaults();
    private final PowerLossFileSystemProvider provider;

    private PowerLossFileSystem(Path root) {
        this.root = root;
        this.recorder = new DiskRecorder(root);
        this.provider = new PowerLossFileSystemProvider(this, recorder, faults);
    }

    /**
     * A file system over {@code directory}, created if missing. {@link DiskModel} rebuilds a history that starts
     * from an empty directory; over one with files, only the recording of later operations is of use.
     */
    static PowerLossFileSystem on(Path directory) throws IOException {
        return new PowerLossFileSystem(Files.createDirectories(directory).toAbsolutePath());
    }

    /** The directory this file system is over, as a path of it. */
    Path root() {
        return wrap(root);
    }

    List<DiskOperation> history() {
        return recorder.history();
    }

    /** How many operations were recorded so far. */
    int step() {
        return recorder.size();
    }

    InjectedFaults faults() {
        return faults;
    }

    PowerLossPath wrap(Path real) {
        return real == null ? null : new PowerLossPath(this, real);
    }

    /** The real path {@code path} stands for. */
    Path real(Path path) {
        if (path instanceof PowerLossPath ours && ours.getFileSystem() == this) {
            return ours.real();
        }
        throw new ProviderMismatchException(path + " is not a path of the power-loss file system over " + root);
    }

    @Override
    public PowerLossFileSystemProvider provider() {
        return provider;
    }

    /** Nothing to release: the real directory stays, for the crash images. */
    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return DEFAULT.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.<Path>of(wrap(root.getRoot()));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return DEFAULT.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return DEFAULT.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(DEFAULT.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = DEFAULT.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(real(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return DEFAULT.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("the power-loss file system cannot be watched");
    }
}

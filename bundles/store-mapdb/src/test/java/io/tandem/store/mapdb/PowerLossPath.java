package io.tandem.store.mapdb;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * A path of a {@link PowerLossFileSystem}: stands for a real path on the default file system, but belongs to the
 * power-loss file system, so every {@code Files} or {@code FileChannel} operation on it goes through its provider.
 * It prints as the real path, so messages of the code under test name real files.
 */
final class PowerLossPath implements Path {

    private final PowerLossFileSystem fileSystem;
    private final Path real;

    PowerLossPath(PowerLossFileSystem fileSystem, Path real) {
        this.fileSystem = fileSystem;
        this.real = real;
    }

    /** The path on the default file system this one stands for. */
    Path real() {
        return real;
    }

    @Override
    public PowerLossFileSystem getFileSystem() {
        return fileSystem;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return fileSystem.wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return fileSystem.wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return fileSystem.wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return fileSystem.wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return fileSystem.wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof PowerLossPath path && path.fileSystem == fileSystem && real.startsWith(path.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof PowerLossPath path && path.fileSystem == fileSystem && real.endsWith(path.real);
    }

    @Override
    public Path normalize() {
        return fileSystem.wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return fileSystem.wrap(real.resolve(fileSystem.real(other)));
    }

    @Override
    public Path relativize(Path other) {
        return fileSystem.wrap(real.relativize(fileSystem.real(other)));
    }

    /**
     * The real file, for MapDB, which opens {@code toFile()}: what goes through it is not recorded, so in crash
     * images such a file holds only what went through this file system.
     */
    @Override
    public File toFile() {
        return real.toFile();
    }

    @Override
    public URI toUri() {
        throw new UnsupportedOperationException("power-loss paths have no URI");
    }

    @Override
    public Path toAbsolutePath() {
        return fileSystem.wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return fileSystem.wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("power-loss paths cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(fileSystem.real(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PowerLossPath path && path.fileSystem == fileSystem && path.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    @Override
    public String toString() {
        return real.toString();
    }
}

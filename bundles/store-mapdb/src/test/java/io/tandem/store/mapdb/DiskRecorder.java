package io.tandem.store.mapdb;

import io.tandem.store.mapdb.DiskOperation.CreateDirectory;
import io.tandem.store.mapdb.DiskOperation.CreateFile;
import io.tandem.store.mapdb.DiskOperation.Delete;
import io.tandem.store.mapdb.DiskOperation.InjectedFailure;
import io.tandem.store.mapdb.DiskOperation.Rename;
import io.tandem.store.mapdb.DiskOperation.SyncDirectory;
import io.tandem.store.mapdb.DiskOperation.SyncFile;
import io.tandem.store.mapdb.DiskOperation.Truncate;
import io.tandem.store.mapdb.DiskOperation.Write;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of a {@link PowerLossFileSystem}: its {@link DiskOperation}s in order, and the inode numbers that name
 * the files and directories under its root (real paths on the default file system).
 */
final class DiskRecorder {

    static final int ROOT = 0;

    private final Path root;
    private final Map<Path, Integer> inodes = new HashMap<>();
    private final List<DiskOperation> history = new ArrayList<>();
    private int lastInode = ROOT;

    DiskRecorder(Path root) {
        this.root = key(root);
        inodes.put(this.root, ROOT);
    }

    synchronized List<DiskOperation> history() {
        return List.copyOf(history);
    }

    /** How many operations were recorded: the step a crash image taken now belongs to. */
    synchronized int size() {
        return history.size();
    }

    /** The inode of {@code file}; one that was there before recording started gets its number when first seen. */
    synchronized int inodeOf(Path file) {
        return inodes.computeIfAbsent(key(file), path -> ++lastInode);
    }

    synchronized void created(Path file, boolean directory) {
        Path key = key(file);
        int inode = ++lastInode;
        inodes.put(key, inode);
        int parent = inodeOf(key.getParent());
        String name = key.getFileName().toString();
        history.add(directory ? new CreateDirectory(parent, name, inode, relative(key))
                : new CreateFile(parent, name, inode, relative(key)));
    }

    synchronized void deleted(Path file) {
        Path key = key(file);
        int inode = inodeOf(key);
        inodes.remove(key);
        history.add(new Delete(inodeOf(key.getParent()), key.getFileName().toString(), inode, relative(key)));
    }

    synchronized void renamed(Path from, Path to) {
        Path source = key(from);
        Path target = key(to);
        int inode = inodeOf(source);
        inodes.remove(source);
        inodes.put(target, inode);
        history.add(new Rename(inodeOf(target.getParent()), source.getFileName().toString(),
                target.getFileName().toString(), inode, relative(target)));
    }

    synchronized void wrote(int inode, Path file, long offset, byte[] bytes) {
        history.add(new Write(inode, offset, bytes, relative(key(file))));
    }

    synchronized void truncated(int inode, Path file, long size) {
        history.add(new Truncate(inode, size, relative(key(file))));
    }

    synchronized void failed(String what, Path file) {
        history.add(new InjectedFailure(what, relative(key(file))));
    }

    synchronized void synced(int inode, Path file, boolean directory) {
        String path = relative(key(file));
        history.add(directory ? new SyncDirectory(inode, path) : new SyncFile(inode, path));
    }

    private static Path key(Path real) {
        return real.toAbsolutePath().normalize();
    }

    private String relative(Path key) {
        if (!key.startsWith(root)) {
            throw new IllegalStateException(key + " is outside the recorded directory " + root);
        }
        return root.relativize(key).toString();
    }
}

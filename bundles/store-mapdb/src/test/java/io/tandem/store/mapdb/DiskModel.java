package io.tandem.store.mapdb;

import io.tandem.store.mapdb.DiskOperation.EntryChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The disk under a {@link PowerLossFileSystem}, rebuilt from its history one {@link DiskOperation} at a time: for
 * each file and directory, what its last sync made durable and what changed since. {@link #afterPowerLoss} turns
 * that into one of the images a power loss at that point may leave. Starts, as the recorded directory must, empty.
 */
final class DiskModel {

    private final Map<Integer, FileModel> files = new HashMap<>();
    private final Map<Integer, DirectoryModel> directories = new HashMap<>();
    /** Blocks of files whose deletion is durable: the file system may hand them to a growing file. */
    private final List<byte[]> freedBlocks = new ArrayList<>();

    DiskModel() {
        directories.put(DiskRecorder.ROOT, new DirectoryModel());
    }

    void apply(DiskOperation operation) {
        operation.applyTo(this);
    }

    FileModel file(int inode) {
        return files.computeIfAbsent(inode, created -> new FileModel());
    }

    void addDirectory(int inode) {
        directories.put(inode, new DirectoryModel());
    }

    void changeEntry(EntryChange change) {
        directories.get(change.directory()).change(change);
    }

    void syncDirectory(int inode) {
        for (int unlinked : directories.get(inode).sync()) {
            FileModel file = files.get(unlinked);
            if (file != null) {
                byte[] content = file.durable();
                for (int block = 0; block < content.length; block += FileModel.PAGE) {
                    freedBlocks.add(Arrays.copyOfRange(content, block, block + FileModel.PAGE));
                }
            }
        }
    }

    /** One image a power loss now may leave, as {@code choices} decide it. */
    CrashImage afterPowerLoss(String name, CrashChoices choices) {
        SortedSet<String> imageDirectories = new TreeSet<>();
        SortedMap<String, byte[]> imageFiles = new TreeMap<>();
        addDirectory("", DiskRecorder.ROOT, choices, imageDirectories, imageFiles);
        return new CrashImage(name, imageDirectories, imageFiles);
    }

    private void addDirectory(String path, int inode, CrashChoices choices, SortedSet<String> imageDirectories,
            SortedMap<String, byte[]> imageFiles) {
        directories.get(inode).afterPowerLoss(choices).forEach((name, child) -> {
            String childPath = path.isEmpty() ? name : path + "/" + name;
            if (directories.containsKey(child)) {
                imageDirectories.add(childPath);
                addDirectory(childPath, child, choices, imageDirectories, imageFiles);
            } else {
                imageFiles.put(childPath, file(child).afterPowerLoss(choices));
            }
        });
    }

    List<byte[]> freedBlocks() {
        return freedBlocks;
    }
}

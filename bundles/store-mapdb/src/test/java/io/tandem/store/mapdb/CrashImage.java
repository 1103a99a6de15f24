package io.tandem.store.mapdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * What one power loss left on disk: directories and files, by path relative to the recorded root, ready to be
 * written to a fresh directory and opened.
 */
record CrashImage(String name, SortedSet<String> directories, SortedMap<String, byte[]> files) {

    void writeTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (String directory : directories) {
            Files.createDirectories(target.resolve(directory));
        }
        for (var file : files.entrySet()) {
            Files.write(target.resolve(file.getKey()), file.getValue());
        }
    }

    /** True if both hold the same directories and files with the same bytes: one of them is enough to check. */
    boolean sameContentAs(CrashImage other) {
        return directories.equals(other.directories) && files.keySet().equals(other.files.keySet())
                && files.entrySet().stream().allMatch(file -> Arrays.equals(file.getValue(),
                        other.files.get(file.getKey())));
    }

    /** The image's name and what it holds, for a failure report. */
    String describe() {
        return name + ": " + (files.isEmpty() ? "no files" : files.entrySet().stream()
                .map(file -> file.getKey() + " (" + file.getValue().length + " bytes)")
                .collect(Collectors.joining(", ")))
                + (directories.isEmpty() ? "" : "; directories " + String.join(", ", directories));
    }
}

package io.tandem.store.mapdb;

import java.util.Map;

/**
 * One operation through a {@link PowerLossFileSystem} that decides what a power loss could leave on disk. Files and
 * directories are named by inode, a number the {@link DiskRecorder} gives each one, so that a write through an open
 * channel lands in the same file whatever happened to its name; {@code path} is only there to read the history.
 */
sealed interface DiskOperation {

    /** Changes the model the way this operation changed the page cache. */
    void applyTo(DiskModel model);

    /** A change to the entries of a directory: durable once that directory is synced. */
    sealed interface EntryChange extends DiskOperation {

        int directory();

        /** Changes {@code entries} (name to inode) the way this operation changed the directory. */
        void changeEntries(Map<String, Integer> entries);

        @Override
        default void applyTo(DiskModel model) {
            model.changeEntry(this);
        }
    }

    record CreateFile(int directory, String name, int inode, String path) implements EntryChange {

        @Override
        public void changeEntries(Map<String, Integer> entries) {
            entries.put(name, inode);
        }

        @Override
        public String toString() {
            return "create " + path;
        }
    }

    record CreateDirectory(int directory, String name, int inode, String path) implements EntryChange {

        @Override
        public void changeEntries(Map<String, Integer> entries) {
            entries.put(name, inode);
        }

        @Override
        public void applyTo(DiskModel model) {
            model.addDirectory(inode);
            model.changeEntry(this);
        }

        @Override
        public String toString() {
            return "create directory " + path;
        }
    }

    record Delete(int directory, String name, int inode, String path) implements EntryChange {

        @Override
        public void changeEntries(Map<String, Integer> entries) {
            entries.remove(name, inode);
        }

        @Override
        public String toString() {
            return "delete " + path;
        }
    }

    /** A rename within one directory: after a power loss it either happened or it did not. */
    record Rename(int directory, String from, String to, int inode, String path) implements EntryChange {

        @Override
        public void changeEntries(Map<String, Integer> entries) {
            if (entries.remove(from, inode)) {
                entries.put(to, inode);
            }
        }

        @Override
        public String toString() {
            return "rename " + from + " to " + path;
        }
    }

    record Write(int inode, long offset, byte[] bytes, String path) implements DiskOperation {

        @Override
        public void applyTo(DiskModel model) {
            model.file(inode).write(Math.toIntExact(offset), bytes);
        }

        @Override
        public String toString() {
            return "write " + path + " at " + offset + ", " + bytes.length + " bytes";
        }
    }

    record Truncate(int inode, long size, String path) implements DiskOperation {

        @Override
        public void applyTo(DiskModel model) {
            model.file(inode).truncate(Math.toIntExact(size));
        }

        @Override
        public String toString() {
            return "truncate " + path + " to " + size + " bytes";
        }
    }

    /** {@code force(false)} or {@code force(true)} on a file: either makes its content and size durable. */
    record SyncFile(int inode, String path) implements DiskOperation {

        @Override
        public void applyTo(DiskModel model) {
            model.file(inode).sync();
        }

        @Override
        public String toString() {
            return "sync " + path;
        }
    }

    /** A fault the test injected: changes nothing on disk, but explains to the reader what follows it. */
    record InjectedFailure(String what, String path) implements DiskOperation {

        @Override
        public void applyTo(DiskModel model) {
        }

        @Override
        public String toString() {
            return "injected failure: " + what + " " + (path.isEmpty() ? "." : path);
        }
    }

    /** {@code force} on a channel opened on a directory: makes that directory's entries durable. */
    record SyncDirectory(int inode, String path) implements DiskOperation {

        @Override
        public void applyTo(DiskModel model) {
            model.syncDirectory(inode);
        }

        @Override
        public String toString() {
            return "sync directory " + (path.isEmpty() ? "." : path);
        }
    }
}

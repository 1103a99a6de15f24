package io.tandem.store.mapdb;

/** I/O failures a test arms for the next write, sync or truncation through a {@link PowerLossFileSystem}. */
final class InjectedFaults {

    private static final int NONE = -1;

    private int writeFailsAfterBytes = NONE;
    private boolean syncFails;
    private boolean truncateFails;

    /** The next write writes at most {@code bytes} bytes, then throws. */
    synchronized void failNextWriteAfter(int bytes) {
        writeFailsAfterBytes = bytes;
    }

    synchronized void failNextSync() {
        syncFails = true;
    }

    synchronized void failNextTruncate() {
        truncateFails = true;
    }

    /** True if a fault is armed that no operation has met yet. */
    synchronized boolean armed() {
        return writeFailsAfterBytes != NONE || syncFails || truncateFails;
    }

    /** Drops what is still armed, so a fault meant for one operation does not hit a later one. */
    synchronized void disarm() {
        writeFailsAfterBytes = NONE;
        syncFails = false;
        truncateFails = false;
    }

    /** How many bytes the write now starting may write before it fails, or -1 if it does not fail. */
    synchronized int takeWriteFailure() {
        int bytes = writeFailsAfterBytes;
        writeFailsAfterBytes = NONE;
        return bytes;
    }

    synchronized boolean takeSyncFailure() {
        boolean fails = syncFails;
        syncFails = false;
        return fails;
    }

    synchronized boolean takeTruncateFailure() {
        boolean fails = truncateFails;
        truncateFails = false;
        return fails;
    }
}

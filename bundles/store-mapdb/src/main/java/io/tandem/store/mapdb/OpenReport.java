package io.tandem.store.mapdb;

/**
 * How opening the store went.
 *
 * @param replayedRecords journal records after the last checkpoint, replayed into the pending leases
 * @param repairedCheckpoint true if a checkpoint file interrupted by a crash was restored from the other one
 * @param millis time the open took
 */
public record OpenReport(long replayedRecords, boolean repairedCheckpoint, long millis) {
}

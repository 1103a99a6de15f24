package io.tandem.store.mapdb;

/**
 * How much grouping the store achieved since it opened.
 *
 * @param commits groups committed; each is one MapDB commit to the store file and one to its mirror
 * @param batches caller batches made durable by those commits
 * @param leases leases written by those commits
 */
public record CommitCounters(long commits, long batches, long leases) {
}

package io.tandem.store.mapdb;

/**
 * What the store did since it opened.
 *
 * @param groups groups made durable; each is one journal record
 * @param batches caller batches in those groups
 * @param leases leases in those groups
 * @param journalSyncs times the journal was synced to disk: one per group
 * @param checkpoints checkpoints written to the MapDB files
 */
public record CommitCounters(long groups, long batches, long leases, long journalSyncs, long checkpoints) {
}

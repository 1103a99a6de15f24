package io.tandem.store.mapdb;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the lease store, PID {@code io.tandem.store} ({@code etc/io.tandem.store.cfg} in Karaf). */
@ObjectClassDefinition(
        id = MapDbLeaseStore.PID,
        name = "Tandem lease store",
        description = "Where leases are stored and how commits are grouped.")
public @interface StoreConfig {

    @AttributeDefinition(
            name = "Store file",
            description = "Path of the MapDB lease file; its mirror and journal segments are written beside it."
                    + " Empty: ${karaf.data}/tandem/leases.db, or"
                    + " data/tandem/leases.db relative to the working directory outside Karaf.")
    String path() default "";

    @AttributeDefinition(
            name = "Max leases per commit",
            description = "Upper bound on the leases one journal record groups; bounds the latency of the callers"
                    + " in the group.",
            min = "1")
    int maxLeasesPerCommit() default MapDbLeaseStore.DEFAULT_MAX_LEASES_PER_COMMIT;

    @AttributeDefinition(
            name = "Commit gather window (microseconds)",
            description = "Under load (commits queued behind a sync), how long the writer waits for more commits"
                    + " before it syncs the journal: fewer, larger syncs cost less CPU, and an ACK waits at most this"
                    + " much longer. A commit that finds the writer idle is synced at once. 0 syncs every group as"
                    + " soon as it is taken (the default: what queues during one sync shares the next).",
            min = "0",
            max = "100000")
    int commitGatherMicros() default MapDbLeaseStore.DEFAULT_COMMIT_GATHER_MICROS;

    @AttributeDefinition(
            name = "Disk reserve (MiB)",
            description = "Space kept beside the store as a file of zeros, given up to the journal when the disk is"
                    + " full so that commits (renewals) go on while the operator makes room; written again once there"
                    + " is room. 0 keeps none.",
            min = "0",
            max = "4096")
    int diskReserveMegabytes() default MapDbLeaseStore.DEFAULT_DISK_RESERVE_MEGABYTES;

    @AttributeDefinition(
            name = "Volume",
            description = "How MapDB accesses the checkpoint files; MMAP checkpoints several times faster than"
                    + " FILE_CHANNEL, which cannot keep up with 20,000 new leases/s (bench/README.md).")
    VolumeKind volume() default VolumeKind.MMAP;
}

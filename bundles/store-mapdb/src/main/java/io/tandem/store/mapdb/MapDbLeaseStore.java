package io.tandem.store.mapdb;

import io.tandem.api.Burst;
import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ConfigurationReport;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.LeaseStore;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.ScratchStores;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaseStore} with group commit to a journal and MapDB files as checkpoints. Usable as a DS component (PID
 * {@value #PID}) or directly through {@link #MapDbLeaseStore(Path, VolumeKind, int)}; {@link #close} commits
 * what is queued, checkpoints it and closes the files.
 *
 * <p>How it fits together: a group is durable once its journal record is synced ({@link GroupCommitter},
 * {@link LeaseJournal}); its leases are then visible to reads, which are served from memory ({@link LeaseView}),
 * and wait ({@link PendingLeases}) until the {@link Checkpointer} writes them to the store file and its mirror
 * ({@link CheckpointFiles}). Opening repairs an interrupted checkpoint and replays the journal after it.
 *
 * <p>Opened by DS in Karaf, a store whose files are all missing is created on the first run only, and refused
 * afterwards: its data volume may not be mounted ({@link FirstRunGuard}).
 *
 * <p>Commit stages complete on a pool thread, never on the store's writer thread. While
 * {@value #DEFAULT_MAX_PENDING_LEASES} addresses wait for a checkpoint, commits wait too.
 */
@Component(service = {LeaseStore.class, ScratchStores.class, ConfigurationReport.class},
        configurationPid = MapDbLeaseStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public final class MapDbLeaseStore implements LeaseStore, ScratchStores, ConfigurationReport, AutoCloseable {

    static final String PID = "io.tandem.store";
    static final int DEFAULT_MAX_LEASES_PER_COMMIT = 4096;
    /**
     * The most leases a group of several batches may hold: with every lease well under 2 KiB, such a group fits one
     * journal record ({@link JournalRecord#MAX_BYTES}). A larger single batch (core's pool balancing marks half a
     * pool at once, but its leases are a few bytes each) is a group of its own.
     */
    static final int MAX_LEASES_PER_COMMIT = 16_384;
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_PENDING_LEASES = 200_000;
    /**
     * None: a group is what queued while the last one was synced. Measured against a millisecond (bench/README.md,
     * "Batching without a timer"): half the median ACK delay at 3,000 and 6,000 DORA/s, for about 8 % more CPU at
     * 6,000/s and none measurable at 3,000/s.
     */
    static final int DEFAULT_COMMIT_GATHER_MICROS = 0;
    static final Duration DEFAULT_COMMIT_GATHER = Duration.of(DEFAULT_COMMIT_GATHER_MICROS, ChronoUnit.MICROS);
    /** Room for about 16,000 journal records after the disk fills up; see {@link DiskReserve}. */
    static final int DEFAULT_DISK_RESERVE_MEGABYTES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(MapDbLeaseStore.class);

    private final Path file;
    private final VolumeKind volume;
    private final StoreLock lock;
    private final CheckpointFiles files;
    private final LeaseJournal journal;
    private final LeaseView view;
    private final GroupCommitter committer;
    private final Checkpointer checkpointer;
    private final StoreHealth health;
    private final OpenReport openReport;
    /** The configuration the store opened with, when it was opened by DS. */
    private StoreSettings settings;
    /** A valid changed configuration waiting for the next start, if any. */
    private volatile StoreSettings nextStart;
    private volatile List<ConfigurationProblem> problems = List.of();

    /**
     * Opens the store at {@code file}, creating it if no file is there.
     *
     * @throws io.tandem.api.LeaseStoreException if the file is not a healthy Tandem store of a readable version
     */
    public MapDbLeaseStore(Path file, VolumeKind volume, int maxLeasesPerCommit) {
        this(file, volume, maxLeasesPerCommit, DEFAULT_COMMIT_GATHER, DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_MAX_PENDING_LEASES, 0);
    }

    /** As above, with the checkpoint interval and the backpressure bound the tests vary. */
    MapDbLeaseStore(Path file, VolumeKind volume, int maxLeasesPerCommit, Duration checkpointInterval,
            int maxPendingLeases) {
        this(file, volume, maxLeasesPerCommit, DEFAULT_COMMIT_GATHER, checkpointInterval, maxPendingLeases, 0);
    }

    /**
     * As above, with the commit gather window ({@link StoreConfig#commitGatherMicros}) and the disk reserve
     * ({@link StoreConfig#diskReserveMegabytes}, here in bytes; 0 keeps none, as the constructors above).
     */
    MapDbLeaseStore(Path file, VolumeKind volume, int maxLeasesPerCommit, Duration commitGather,
            Duration checkpointInterval, int maxPendingLeases, long diskReserveBytes) {
        long startNanos = System.nanoTime();
        this.file = file;
        this.volume = volume;
        this.lock = StoreLock.acquire(file);
        try {
            this.files = CheckpointFiles.open(file, volume);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            PendingLeases pending = new PendingLeases(maxPendingLeases);
            this.view = new LeaseView(pending, files.whole());
            this.journal = LeaseJournal.open(file, files.checkpointedSequence(), files.newestSequence(),
                    record -> view.publish(record.leases(), leases -> record.sequence()));
            this.health = new StoreHealth(file, Clock.systemUTC());
            DiskReserve reserve = new DiskReserve(file, diskReserveBytes);
            reserve.ensure();
            this.checkpointer = new Checkpointer(file, files, pending, journal, health, reserve, checkpointInterval);
            this.committer = new GroupCommitter(journal, view, pending, checkpointer, health, reserve, file,
                    maxLeasesPerCommit, commitGather);
            this.openReport = new OpenReport(journal.replayedRecords(), files.repaired(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        } catch (RuntimeException e) {
            files.close();
            lock.close();
            throw e;
        }
        LOG.info("lease store opened file=" + file + " leases=" + view.size()
                + " replayedRecords=" + openReport.replayedRecords() + " repairedCheckpoint="
                + openReport.repairedCheckpoint() + " volume=" + volume + " maxLeasesPerCommit=" + maxLeasesPerCommit
                + " commitGatherMicros=" + commitGather.toNanos() / 1000
                + " openMillis=" + openReport.millis());
        volume.riskOn(file).ifPresent(risk -> LOG.warn("lease store at risk file=" + file + " reason=\"" + risk
                + "\""));
    }

    @Activate
    public MapDbLeaseStore(StoreConfig config) {
        this(StoreSettings.from(config, System.getProperty("karaf.data")),
                FirstRunGuard.inKarafEtc(System.getProperty("karaf.etc")));
    }

    /** As DS opens it: a missing store is created only if {@code guard} admits it (tests pass their own). */
    MapDbLeaseStore(StoreSettings settings, FirstRunGuard guard) {
        this(settings, guard.admit(settings.file()));
    }

    private MapDbLeaseStore(StoreSettings settings, FirstRunGuard.Admission admission) {
        this(settings.file(), settings.volume(), settings.maxLeasesPerCommit(), settings.commitGather(),
                DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_MAX_PENDING_LEASES, settings.diskReserveMegabytes() << 20);
        this.settings = settings;
        admission.recordOpened();
    }

    /**
     * A changed configuration is checked, not applied: moving or reopening the lease database under a running
     * server could lose acknowledged leases, so the open store keeps serving and the change takes effect at the
     * next start. A bad value is refused with PID, key and reason. Without this method DS would close the store
     * and reopen it, and a typo in the file would stop the server.
     */
    @Modified
    void modified(StoreConfig config) {
        try {
            StoreSettings changed = StoreSettings.from(config, System.getProperty("karaf.data"));
            problems = List.of();
            nextStart = changed.equals(settings) ? null : changed;
            if (nextStart != null) {
                LOG.warn("configuration change pid=" + PID + " takes effect at the next start serving=current file="
                        + file + " next=" + changed);
            }
        } catch (StoreSettings.Rejected e) {
            problems = List.of(e.problem());
            LOG.error(e.getMessage() + " serving=current file=" + file);
        }
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    @Override
    public List<SettingsInEffect> inEffect() {
        if (settings == null) {
            return List.of();
        }
        Map<String, String> shown = new LinkedHashMap<>(settings.inEffect());
        StoreSettings waiting = nextStart;
        if (waiting != null) {
            shown.put("at the next start", waiting.inEffect().toString());
        }
        return List.of(new SettingsInEffect("store", PID, shown));
    }

    /** The configured path, else the default under Karaf's data directory, else relative to the working directory. */
    static Path storePath(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        Path data = karafData == null || karafData.isBlank() ? Path.of("data") : Path.of(karafData);
        return data.resolve("tandem").resolve("leases.db");
    }

    @Override
    public Optional<Lease> get(Ipv4Address address) {
        return view.get(address);
    }

    @Override
    public List<Lease> findByClient(ClientId client) {
        return view.findByClient(client);
    }

    @Override
    public void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        view.scan(first, last, visitor);
    }

    @Override
    public long size() {
        return view.size();
    }

    @Override
    public CompletionStage<Void> commit(Collection<Lease> leases) {
        List<Lease> batch = List.copyOf(leases);
        Set<Ipv4Address> addresses = new HashSet<>();
        for (Lease lease : batch) {
            if (!lease.state().isDurable()) {
                throw new IllegalArgumentException("lease " + lease.address() + " is " + lease.state()
                        + ": offers are never stored");
            }
            if (!addresses.add(lease.address())) {
                throw new IllegalArgumentException("batch names address " + lease.address() + " twice");
            }
        }
        return committer.submit(batch);
    }

    @Override
    public Burst openBurst() {
        return committer.openBurst();
    }

    @Override
    public LeaseStoreHealth health() {
        return health.health();
    }

    /** A scratch store in {@code <store file>.scratch/} beside this one, on the same volume and of the same kind. */
    @Override
    public ScratchStore open() {
        return ScratchDirectoryStore.open(file.resolveSibling(file.getFileName() + ".scratch"), volume);
    }

    /** Groups, batches, leases, journal syncs and checkpoints since the store opened. */
    public CommitCounters counters() {
        GroupCommitter.Counts counts = committer.counts();
        return new CommitCounters(counts.groups(), counts.batches(), counts.leases(), journal.syncs(),
                checkpointer.checkpoints());
    }

    /** What opening the store replayed and repaired, and how long it took. */
    public OpenReport openReport() {
        return openReport;
    }

    /** Commits every batch already queued, checkpoints it, then closes the files. Later commits fail; idempotent. */
    @Override
    @Deactivate
    public void close() {
        if (!committer.close()) {
            return;
        }
        checkpointer.close();
        journal.close();
        files.close();
        lock.close();
        CommitCounters done = counters();
        LOG.info("lease store closed file=" + file + " groups=" + done.groups()
                + " batches=" + done.batches() + " leases=" + done.leases() + " journalSyncs=" + done.journalSyncs()
                + " checkpoints=" + done.checkpoints());
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStore;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link LeaseStore} on a transactional MapDB file with group commit. Usable as a DS component (PID
 * {@value #PID}) or directly through {@link #MapDbLeaseStore(Path, VolumeKind, int)}; {@link #close} commits
 * what is queued and closes the file.
 *
 * <p>Commit stages complete on a pool thread, never on the store's writer thread.
 */
@Component(service = LeaseStore.class, configurationPid = MapDbLeaseStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public final class MapDbLeaseStore implements LeaseStore, AutoCloseable {

    static final String PID = "io.tandem.store";
    static final int DEFAULT_MAX_LEASES_PER_COMMIT = 4096;

    private static final System.Logger LOG = System.getLogger(MapDbLeaseStore.class.getName());

    private final Path file;
    private final MirroredStore store;
    private final LeaseTables tables;
    private final GroupCommitter committer;

    /**
     * Opens the store at {@code file}, creating it if no file is there.
     *
     * @throws io.tandem.api.LeaseStoreException if the file is not a healthy Tandem store of a readable version
     */
    public MapDbLeaseStore(Path file, VolumeKind volume, int maxLeasesPerCommit) {
        long startNanos = System.nanoTime();
        this.file = file;
        this.store = MirroredStore.open(file, volume);
        this.tables = store.primary();
        this.committer = new GroupCommitter(store, file, maxLeasesPerCommit);
        long openMillis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, () -> "lease store opened file=" + file + " leases=" + tables.size()
                + " volume=" + volume + " maxLeasesPerCommit=" + maxLeasesPerCommit + " openMillis=" + openMillis);
    }

    @Activate
    public MapDbLeaseStore(StoreConfig config) {
        this(storePath(config.path(), System.getProperty("karaf.data")), config.volume(),
                config.maxLeasesPerCommit());
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
        return tables.get(address);
    }

    @Override
    public List<Lease> findByClient(ClientId client) {
        return tables.findByClient(client);
    }

    @Override
    public void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        tables.scan(first, last, visitor);
    }

    @Override
    public long size() {
        return tables.size();
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

    /** Commits, batches and leases written since the store opened: how well commits were grouped. */
    public CommitCounters counters() {
        return committer.counters();
    }

    /** Commits every batch already queued, then closes the file. Later commits fail; idempotent. */
    @Override
    @Deactivate
    public void close() {
        if (!committer.close()) {
            return;
        }
        store.close();
        CommitCounters done = committer.counters();
        LOG.log(System.Logger.Level.INFO, () -> "lease store closed file=" + file + " commits=" + done.commits()
                + " batches=" + done.batches() + " leases=" + done.leases());
    }
}

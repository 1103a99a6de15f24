package io.tandem.migrate;

import io.tandem.api.FailoverStateSeed;
import io.tandem.api.IscMigration;
import io.tandem.api.LeaseStore;
import io.tandem.api.MigrationReport;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The import into a running Tandem: leases through its lease store, the state through the failover bundle. */
@Component(service = IscMigration.class)
public final class MigrationComponent implements IscMigration {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationComponent.class);

    private final Importer importer;

    @Activate
    public MigrationComponent(@Reference LeaseStore store, @Reference FailoverStateSeed seed) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        this.importer = new Importer(etc, new RunningServer(store, seed), Clock.systemUTC());
    }

    @Override
    public MigrationReport importFrom(Path dhcpdConf, Optional<Path> dhcpdLeases, boolean dryRun)
            throws IOException {
        try {
            MigrationReport report = importer.run(dhcpdConf, dhcpdLeases, dryRun);
            LOG.info("import from ISC dhcpd " + (dryRun ? "checked" : "done") + " conf=" + dhcpdConf + " leases="
                    + dhcpdLeases.map(Path::toString).orElse("none") + " leasesByState=" + report.leasesByState()
                    + " failoverState=\"" + report.failoverState().orElse("none") + "\" files=" + report.files()
                    + " notes=" + report.notes().size());
            return report;
        } catch (ImportRefusedException e) {
            LOG.warn("import from ISC dhcpd refused conf=" + dhcpdConf + " reason=\"" + e.getMessage() + "\"");
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private record RunningServer(LeaseStore store, FailoverStateSeed seed) implements Importer.Target {

        @Override
        public long storedLeases() {
            return store.size();
        }

        @Override
        public boolean hasSavedState() throws IOException {
            return seed.hasSavedState();
        }

        @Override
        public void seed(LeasePlan.SavedState state) throws IOException {
            seed.seed(state.state(), state.since(), state.peerState(), state.mclt());
        }

        @Override
        public void store(List<Lease> leases) throws IOException {
            try {
                store.commit(leases).toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw new IOException("the lease store refused the imported leases: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while storing the imported leases", e);
            }
        }
    }
}

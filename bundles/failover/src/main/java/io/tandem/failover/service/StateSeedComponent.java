package io.tandem.failover.service;

import io.tandem.api.FailoverState;
import io.tandem.api.FailoverStateSeed;
import io.tandem.failover.state.PersistedState;
import io.tandem.failover.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the state file a relationship starts from, for a server that has never been in a pair (the importer
 * gives it the state its ISC predecessor saved). Present whether or not a relationship is configured: the import
 * runs before the relationship's configuration exists.
 */
@Component(service = FailoverStateSeed.class)
public final class StateSeedComponent implements FailoverStateSeed {

    private static final Logger LOG = LoggerFactory.getLogger(StateSeedComponent.class);

    private final StateFile file;
    private final Path path;

    public StateSeedComponent() {
        this(FailoverComponent.stateFile());
    }

    StateSeedComponent(Path path) {
        this.path = path;
        this.file = new StateFile(path);
    }

    @Override
    public boolean hasSavedState() throws IOException {
        return file.read().isPresent();
    }

    @Override
    public synchronized void seed(FailoverState state, Instant since, FailoverState peerState, Duration mclt)
            throws IOException {
        PersistedState seeded = new PersistedState(state, since, peerState, mclt);
        if (hasSavedState()) {
            throw new IOException("this server already has a saved failover state (" + path + "): not replaced");
        }
        file.write(seeded);
        LOG.info("failover state seeded state=" + state + " stos=" + since + " peerState=" + peerState
                + " mcltSeconds=" + mclt.toSeconds() + " file=" + path);
    }
}

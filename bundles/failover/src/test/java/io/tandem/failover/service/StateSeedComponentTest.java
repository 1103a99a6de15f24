package io.tandem.failover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverState;
import io.tandem.failover.state.PersistedState;
import io.tandem.failover.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer's seed is the state file a relationship starts from, written once, never over a server's own. */
class StateSeedComponentTest {

    private static final Instant STOS = Instant.parse("2026-11-24T18:50:10Z");

    @TempDir
    Path directory;

    @Test
    void a_seed_is_what_the_relationship_reads_at_its_start() throws IOException {
        Path file = directory.resolve("tandem/failover.state");
        StateSeedComponent seed = new StateSeedComponent(file);
        assertThat(seed.hasSavedState()).isFalse();

        seed.seed(FailoverState.NORMAL, STOS, FailoverState.NORMAL, Duration.ofSeconds(60));

        assertThat(seed.hasSavedState()).isTrue();
        assertThat(new StateFile(file).read()).contains(new PersistedState(FailoverState.NORMAL, STOS,
                FailoverState.NORMAL, Duration.ofSeconds(60)));
    }

    @Test
    void a_server_with_a_state_of_its_own_keeps_it() throws IOException {
        Path file = directory.resolve("failover.state");
        PersistedState own = new PersistedState(FailoverState.PARTNER_DOWN, STOS, FailoverState.UNKNOWN,
                Duration.ofSeconds(3600));
        new StateFile(file).write(own);

        assertThatThrownBy(() -> new StateSeedComponent(file).seed(FailoverState.NORMAL, STOS, FailoverState.NORMAL,
                Duration.ZERO)).isInstanceOf(IOException.class).hasMessageContaining("already has a saved failover state");
        assertThat(new StateFile(file).read()).contains(own);
    }

    @Test
    void startup_is_never_a_saved_state() {
        assertThatThrownBy(() -> new StateSeedComponent(directory.resolve("f")).seed(FailoverState.STARTUP, STOS,
                FailoverState.NORMAL, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

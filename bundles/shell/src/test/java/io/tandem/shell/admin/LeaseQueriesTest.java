package io.tandem.shell.admin;

import static io.tandem.shell.testing.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.shell.testing.FakeServer;
import io.tandem.shell.testing.Fixtures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeaseQueriesTest {

    @Test
    void aReleaseThatIsNeverConfirmedEndsWithAnErrorInsteadOfHanging() {
        FakeServer server = Fixtures.server().releaseCompletesWith(new CompletableFuture<>());
        LeaseQueries queries = new LeaseQueries(server, Duration.ofMillis(50));

        assertThatThrownBy(() -> queries.release(ip("192.0.2.10"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release of 192.0.2.10 not confirmed within 50 ms; it may still complete");
    }

    @Test
    void anInterruptedWaitKeepsTheInterruptFlag() {
        FakeServer server = Fixtures.server().releaseCompletesWith(new CompletableFuture<>());
        LeaseQueries queries = new LeaseQueries(server);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> queries.release(ip("192.0.2.10"), false))
                    .hasMessage("interrupted while releasing 192.0.2.10");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}

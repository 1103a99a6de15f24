package io.tandem.failover.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto partner-down above the state machine (reference §2.4, §1.9): the endpoint arms the timer on entering
 * COMMUNICATIONS-INTERRUPTED and acts on it, and a peer that comes back from the dead follows the recovery path.
 */
class AutoPartnerDownTest {

    private static final Duration AUTO_PARTNER_DOWN = Duration.ofSeconds(600);

    @TempDir
    Path directory;
    private ManualPair pair;

    @AfterEach
    void close() {
        pair.close();
    }

    private void pairInNormal(Duration autoPartnerDown) throws Exception {
        pair = new ManualPair(directory, autoPartnerDown);
        pair.link();
        assertThat(pair.primary.state()).isEqualTo(FailoverState.NORMAL);
        assertThat(pair.secondary.state()).isEqualTo(FailoverState.NORMAL);
    }

    @Test
    void a_silent_peer_is_taken_for_down_after_auto_partner_down_and_recovers_when_it_returns() throws Exception {
        pairInNormal(AUTO_PARTNER_DOWN);

        pair.secondary.stop();
        pair.primary.linkLost("peer silent past max-response-delay");
        assertThat(pair.primary.state()).isEqualTo(FailoverState.COMMUNICATIONS_INTERRUPTED);

        pair.loop.advance(AUTO_PARTNER_DOWN.minusSeconds(1));
        assertThat(pair.primary.state()).as("a second early").isEqualTo(FailoverState.COMMUNICATIONS_INTERRUPTED);
        pair.loop.advance(Duration.ofSeconds(1));
        assertThat(pair.primary.state()).isEqualTo(FailoverState.PARTNER_DOWN);
        assertThat(pair.primary.endpoint.view().stateSince()).isEqualTo(pair.loop.now());

        // The peer restarts with its saved NORMAL; the primary's PARTNER-DOWN sends it through RECOVER.
        pair.secondary.start();
        assertThat(pair.secondary.state()).isEqualTo(FailoverState.STARTUP);
        pair.link();
        assertThat(pair.secondary.state()).isEqualTo(FailoverState.RECOVER_WAIT);
        assertThat(pair.primary.state()).as("until the peer is done").isEqualTo(FailoverState.PARTNER_DOWN);

        pair.loop.advance(PairSettings.MCLT);
        assertThat(pair.primary.state()).isEqualTo(FailoverState.NORMAL);
        assertThat(pair.secondary.state()).isEqualTo(FailoverState.NORMAL);
    }

    @Test
    void without_auto_partner_down_an_interrupted_server_waits_for_the_operator() throws Exception {
        pairInNormal(Duration.ZERO);

        pair.secondary.stop();
        pair.primary.linkLost("peer silent past max-response-delay");
        pair.loop.advance(Duration.ofDays(30));

        assertThat(pair.primary.state()).isEqualTo(FailoverState.COMMUNICATIONS_INTERRUPTED);
    }
}

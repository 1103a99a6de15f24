package io.tandem.failover.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverState;
import io.tandem.core.TestClient;
import io.tandem.failover.state.FailoverStateMachine;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recoveries of the pair that went wrong, found with the pair simulation and replayed step by step. */
class PairRecoveryTest {

    @TempDir
    Path directory;

    /**
     * Found by the pair simulation (seed 6, scenario 31): a server leaving PARTNER-DOWN for NORMAL while linked
     * closed its update window, so that nothing it bound afterwards reached the peer until the next reconnection.
     */
    @Test
    void after_partner_down_ends_over_a_live_link_the_survivors_new_bindings_reach_the_peer() throws Exception {
        try (SimulatedPair pair = new SimulatedPair(directory)) {
            pair.awaitConverged();
            pair.primary.crash();
            pair.secondary.partnerDown();
            SimulatedPair.await("the secondary in PARTNER-DOWN",
                    () -> pair.secondary.status().view().state() == FailoverState.PARTNER_DOWN);
            pair.primary.start();
            SimulatedPair.await("the primary in RECOVER-WAIT",
                    () -> pair.primary.status().view().state() == FailoverState.RECOVER_WAIT);
            pair.clock.advance(SimulatedPair.MCLT);
            pair.primary.fireTimers();
            pair.awaitConverged();

            TestClient client = new TestClient(1);
            DhcpMessage offer = pair.secondary.handle(client.discover().toBuilder().secs(10).build()).orElseThrow();
            DhcpMessage ack = pair.secondary.handle(client.select(offer.yiaddr(), SimulatedPair.SECONDARY_ID))
                    .orElseThrow();
            assertThat(ack.messageType()).contains(MessageType.ACK);

            SimulatedPair.await("the binding acknowledged by the primary",
                    () -> pair.secondary.status().unacknowledged() == 0);
            assertThat(pair.primary.engine().store().get(ack.yiaddr()).orElseThrow().client())
                    .isEqualTo(pair.secondary.engine().store().get(ack.yiaddr()).orElseThrow().client());
        }
    }

    /**
     * Found while building the pair simulation: a secondary restarted while the primary was down started with an
     * MCLT of zero, although its state file kept the one it had learned, until a link told it again; resuming its
     * state meanwhile, it would cap leases and mature the primary's by an MCLT of zero.
     */
    @Test
    void a_secondary_restarted_while_the_primary_is_down_keeps_the_mclt_it_learned() throws Exception {
        try (SimulatedPair pair = new SimulatedPair(directory)) {
            pair.awaitConverged();
            pair.primary.crash();
            pair.secondary.stop();
            pair.secondary.start();
            pair.clock.advance(FailoverStateMachine.STARTUP_TIME);
            pair.secondary.fireTimers();
            SimulatedPair.await("the secondary to resume its saved state", () ->
                    pair.secondary.status().view().state() == FailoverState.COMMUNICATIONS_INTERRUPTED);

            assertThat(pair.secondary.status().view().mclt()).isEqualTo(SimulatedPair.MCLT);
        }
    }
}

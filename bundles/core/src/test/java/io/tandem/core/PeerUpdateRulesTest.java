package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PeerUpdate;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ISC's binding-status transition check in NORMAL (reference §3.5 step 7), cell by cell, for both roles. */
class PeerUpdateRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Ipv4Address ADDRESS = Ipv4Address.parse("192.0.2.100");
    private static final HardwareAddress MAC = HardwareAddress.parseEthernet("02:00:00:00:00:01");
    private static final ClientId CLIENT = ClientId.fromHardware(MAC);

    /**
     * @param ourEnd seconds from now our lease ends (matters for ACTIVE -> EXPIRED: refused beyond 65 s)
     * @param potentialExpiry seconds from now of the incoming potential expiry (matters for -> FREE/BACKUP)
     */
    @ParameterizedTest(name = "{0}: {1} -> {2} (our end +{3}s, potexp +{4}s) accepted={5}")
    @CsvSource({
        "PRIMARY, FREE, ACTIVE, 0, 0, true",
        "SECONDARY, FREE, BACKUP, 0, 0, true",
        "PRIMARY, ABANDONED, FREE, 0, 0, true",
        "PRIMARY, ACTIVE, ACTIVE, 600, 600, true",
        "SECONDARY, ACTIVE, ACTIVE, 600, 600, true",
        "PRIMARY, ACTIVE, RELEASED, 600, 0, true",
        "PRIMARY, ACTIVE, RESET, 600, 0, false",
        "SECONDARY, ACTIVE, RESET, 600, 0, true",
        "PRIMARY, ACTIVE, EXPIRED, 0, 0, false",
        "SECONDARY, ACTIVE, EXPIRED, 30, 0, true",
        "SECONDARY, ACTIVE, EXPIRED, 600, 0, false",
        "PRIMARY, ACTIVE, FREE, 600, -1, false",
        "SECONDARY, ACTIVE, FREE, 600, -1, true",
        "SECONDARY, ACTIVE, BACKUP, 600, 60, false",
        "PRIMARY, EXPIRED, FREE, 0, -1, true",
        "PRIMARY, EXPIRED, FREE, 0, 60, false",
        "SECONDARY, RESET, BACKUP, 0, 60, false",
        "PRIMARY, EXPIRED, ACTIVE, 0, 60, true",
        "PRIMARY, RELEASED, FREE, 0, 60, true",
        "SECONDARY, BACKUP, ACTIVE, 0, 60, true",
    })
    void transitions_in_normal(FailoverRole role, BindingState mine, BindingState incoming, long ourEnd,
                               long potentialExpiry, boolean accepted) {
        FailoverView view = new FailoverView(role, FailoverState.NORMAL, NOW, FailoverState.NORMAL,
                Duration.ofMinutes(1), HashBuckets.ALL, 0, FailoverView.ISC_MAX_LEASE_MISBALANCE,
                FailoverView.ISC_MAX_LEASE_OWNERSHIP);
        Lease.Builder ours = Lease.builder(ADDRESS).state(mine).start(NOW.minusSeconds(60)).end(NOW.plusSeconds(ourEnd));
        if (mine != BindingState.ABANDONED) {
            ours.client(CLIENT).hardware(MAC);
        }
        boolean identified = incoming != BindingState.ABANDONED;
        PeerUpdate update = new PeerUpdate(ADDRESS, incoming, identified ? CLIENT : null, identified ? MAC : null,
                NOW, NOW.plusSeconds(Math.max(0, potentialExpiry)), NOW.plusSeconds(potentialExpiry), NOW);

        PeerUpdateRules.Verdict verdict = PeerUpdateRules.judge(update, true, Optional.of(ours.build()), view, NOW);

        assertThat(verdict instanceof PeerUpdateRules.Store).as(verdict.toString()).isEqualTo(accepted);
    }
}

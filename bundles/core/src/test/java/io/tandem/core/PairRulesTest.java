package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure rules of a pair: the RFC 3074 hash, ownership by role, state and time, and the MCLT rule. */
class PairRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration MCLT = Duration.ofHours(1);

    private static FailoverView view(FailoverRole role, FailoverState state, Instant since) {
        return new FailoverView(role, state, since, FailoverState.NORMAL, MCLT, HashBuckets.split(128), 3,
                FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP);
    }

    private static Optional<Lease> lease(BindingState state, Instant tsfp) {
        Lease.Builder builder = Lease.builder(Ipv4Address.parse("192.0.2.10")).state(state).tsfp(tsfp);
        if (state == BindingState.ACTIVE) {
            builder.client(ClientId.fromHardware(HardwareAddress.parseEthernet("02:00:00:00:00:01")))
                    .start(NOW).end(NOW.plusSeconds(60));
        }
        return Optional.of(builder.build());
    }

    @Test
    void the_hash_gives_the_buckets_isc_dhcpd_gives() {
        HexFormat hex = HexFormat.ofDelimiter(":");
        String[][] clientIds = {{"01:02:00:00:00:00:01", "14"}, {"01:02:00:00:00:00:02", "66"},
            {"01:02:00:00:00:00:03", "222"}, {"01:02:00:00:00:00:05", "242"}, {"01:02:00:00:00:00:06", "144"}};
        for (String[] vector : clientIds) {
            assertThat(HashBuckets.bucketOf(ClientId.fromClientIdentifier(hex.parseHex(vector[0]))))
                    .as(vector[0]).isEqualTo(Integer.parseInt(vector[1]));
        }
        String[][] chaddrs = {{"02:00:00:00:00:01", "133"}, {"02:00:00:00:00:02", "45"}, {"02:00:00:00:00:05", "13"}};
        for (String[] vector : chaddrs) {
            assertThat(HashBuckets.bucketOf(ClientId.fromHardware(HardwareAddress.parseEthernet(vector[0]))))
                    .as(vector[0]).isEqualTo(Integer.parseInt(vector[1]));
        }
    }

    @Test
    void every_bucket_is_answered_by_exactly_one_server_of_a_pair() {
        HashBuckets primary = HashBuckets.of(HexFormat.of().parseHex("55".repeat(32)));
        for (int bucket = 0; bucket < HashBuckets.COUNT; bucket++) {
            assertThat(primary.contains(bucket)).as("bucket " + bucket).isEqualTo(bucket % 2 == 0);
            assertThat(primary.contains(bucket)).isNotEqualTo(primary.inverted().contains(bucket));
        }
        assertThat(HashBuckets.split(128).toBytes()).startsWith(new byte[] {-1, -1}).endsWith(0, 0);
    }

    @Test
    void the_primary_allocates_free_the_secondary_backup_and_nobody_a_lease_in_transition() {
        FailoverView primary = view(FailoverRole.PRIMARY, FailoverState.NORMAL, NOW);
        FailoverView secondary = view(FailoverRole.SECONDARY, FailoverState.NORMAL, NOW);
        for (BindingState state : new BindingState[] {BindingState.FREE, BindingState.ABANDONED}) {
            assertThat(Ownership.mayAllocate(lease(state, Lease.UNSET), primary, NOW)).as(state.name()).isTrue();
            assertThat(Ownership.mayAllocate(lease(state, Lease.UNSET), secondary, NOW)).as(state.name()).isFalse();
        }
        assertThat(Ownership.mayAllocate(Optional.empty(), primary, NOW)).isTrue();
        assertThat(Ownership.mayAllocate(lease(BindingState.BACKUP, Lease.UNSET), primary, NOW)).isFalse();
        assertThat(Ownership.mayAllocate(lease(BindingState.BACKUP, Lease.UNSET), secondary, NOW)).isTrue();
        for (BindingState state : new BindingState[] {BindingState.EXPIRED, BindingState.RELEASED,
            BindingState.RESET, BindingState.ACTIVE}) {
            assertThat(Ownership.mayAllocate(lease(state, Lease.UNSET), primary, NOW)).as(state.name()).isFalse();
            assertThat(Ownership.mayAllocate(lease(state, Lease.UNSET), secondary, NOW)).as(state.name()).isFalse();
        }
    }

    @Test
    void partner_down_takes_the_peers_leases_only_after_mclt_past_both_stos_and_tsfp() {
        Instant stos = NOW.minus(MCLT).minusSeconds(1);
        FailoverView down = view(FailoverRole.SECONDARY, FailoverState.PARTNER_DOWN, stos);
        assertThat(Ownership.mayAllocate(lease(BindingState.FREE, Lease.UNSET), down, NOW)).isTrue();
        assertThat(Ownership.mayAllocate(lease(BindingState.FREE, NOW.minusSeconds(10)), down, NOW))
                .as("the peer's word on this lease is more recent than STOS").isFalse();
        assertThat(Ownership.mayAllocate(lease(BindingState.FREE, Lease.UNSET),
                view(FailoverRole.SECONDARY, FailoverState.PARTNER_DOWN, NOW), NOW)).isFalse();
        assertThat(Ownership.mayAllocate(lease(BindingState.RELEASED, NOW.minusSeconds(1)), down, NOW)).isTrue();
        assertThat(Ownership.mayAllocate(lease(BindingState.RELEASED, NOW.plusSeconds(1)), down, NOW)).isFalse();
        assertThat(Ownership.mayAllocate(lease(BindingState.FREE, Lease.UNSET),
                view(FailoverRole.SECONDARY, FailoverState.COMMUNICATIONS_INTERRUPTED, stos), NOW)).isFalse();
        assertThat(Ownership.mayAllocate(lease(BindingState.BACKUP, Lease.UNSET),
                view(FailoverRole.SECONDARY, FailoverState.RECOVER, stos), NOW))
                .as("a state that serves nobody allocates nothing").isFalse();
    }

    @Test
    void standalone_allocates_every_lease_no_client_holds() {
        for (BindingState state : BindingState.values()) {
            boolean expected = state != BindingState.ACTIVE && state != BindingState.ABANDONED
                    && state != BindingState.OFFERED;
            if (state != BindingState.OFFERED) {
                assertThat(Ownership.mayAllocate(lease(state, Lease.UNSET), FailoverView.STANDALONE, NOW))
                        .as(state.name()).isEqualTo(expected);
            }
        }
    }

    @Test
    void the_mclt_rule_caps_the_grant_at_mclt_beyond_what_the_peer_knows() {
        FailoverView pair = view(FailoverRole.PRIMARY, FailoverState.NORMAL, NOW);
        assertThat(LeadTime.of(7200, Lease.UNSET, pair, NOW))
                .isEqualTo(new LeadTime(3600, NOW.plusSeconds(7200 + 1800)));
        assertThat(LeadTime.of(7200, NOW.plusSeconds(1800), pair, NOW).granted()).isEqualTo(5400);
        assertThat(LeadTime.of(7200, NOW.plusSeconds(7200), pair, NOW).granted()).isEqualTo(7200);
        assertThat(LeadTime.of(600, Lease.UNSET, pair, NOW).granted()).as("within MCLT: as desired").isEqualTo(600);
        assertThat(LeadTime.of(7200, Lease.UNSET, FailoverView.STANDALONE, NOW).granted()).isEqualTo(7200);
    }
}

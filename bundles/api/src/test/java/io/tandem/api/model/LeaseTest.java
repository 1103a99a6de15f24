package io.tandem.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final Ipv4Address ADDRESS = Ipv4Address.parse("192.0.2.10");
    private static final HardwareAddress MAC = HardwareAddress.parseEthernet("52:54:00:12:34:56");
    private static final ClientId CLIENT = ClientId.fromHardware(MAC);
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static Lease.Builder active() {
        return Lease.builder(ADDRESS).state(BindingState.ACTIVE).client(CLIENT).hardware(MAC)
                .start(NOW).end(NOW.plusSeconds(3600)).cltt(NOW);
    }

    @Test
    void activeLeaseNeedsAClient() {
        assertThatThrownBy(() -> active().client(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease 192.0.2.10 is ACTIVE but has no client");
    }

    @Test
    void offeredLeaseNeedsAClient() {
        assertThatThrownBy(() -> active().state(BindingState.OFFERED).client(null).build())
                .hasMessageContaining("OFFERED but has no client");
    }

    @Test
    void boundLeaseCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> active().end(NOW.minusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends (2026-11-24T09:59:59Z) before it starts");
    }

    @Test
    void abandonedLeaseCarriesNoIdentity() {
        assertThatThrownBy(() -> active().state(BindingState.ABANDONED).build())
                .hasMessageContaining("ABANDONED and must not name a client");
        Lease abandoned = active().state(BindingState.ABANDONED).client(null).hardware(null).build();
        assertThat(abandoned.state()).isEqualTo(BindingState.ABANDONED);
    }

    @Test
    void networkWideAddressesCannotBeLeased() {
        assertThatThrownBy(() -> Lease.free(Ipv4Address.ANY)).hasMessageContaining("0.0.0.0 cannot be leased");
        assertThatThrownBy(() -> Lease.free(Ipv4Address.BROADCAST))
                .hasMessageContaining("255.255.255.255 cannot be leased");
    }

    @Test
    void requiredFieldsAreChecked() {
        assertThatThrownBy(() -> active().start(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("start");
    }

    @Test
    void hostnameAndRelayInfoLengthsAreBounded() {
        assertThatThrownBy(() -> active().hostname("").build()).hasMessageContaining("hostname");
        assertThatThrownBy(() -> active().hostname("h".repeat(256)).build()).hasMessageContaining("hostname");
        assertThatThrownBy(() -> active().relayAgentInfo(new byte[0]).build())
                .hasMessageContaining("relay agent information");
        assertThatThrownBy(() -> active().relayAgentInfo(new byte[Lease.MAX_RELAY_AGENT_INFO_LENGTH + 1]).build())
                .hasMessageContaining("relay agent information");
    }

    @Test
    void timesAreTruncatedToWholeSeconds() {
        Lease lease = active().start(NOW.plusMillis(999)).build();
        assertThat(lease.start()).isEqualTo(NOW);
    }

    @Test
    void relayInfoIsDefensivelyCopiedAndComparedByContent() {
        byte[] relay = {1, 2, 'a', 'b'};
        Lease lease = active().relayAgentInfo(relay).build();
        relay[2] = 'z';
        lease.relayAgentInfo()[3] = 'z';

        assertThat(lease.relayAgentInfo()).containsExactly(1, 2, 'a', 'b');
        assertThat(lease).isEqualTo(active().relayAgentInfo(new byte[] {1, 2, 'a', 'b'}).build());
        assertThat(lease).isNotEqualTo(active().relayAgentInfo(new byte[] {1, 2, 'a', 'c'}).build());
    }

    @Test
    void toBuilderKeepsEveryField() {
        Lease lease = active().tstp(NOW.plusSeconds(5)).tsfp(NOW.plusSeconds(6)).atsfp(NOW.plusSeconds(7))
                .hostname("host").relayAgentInfo(new byte[] {1, 1, 9}).build();
        assertThat(lease.toBuilder().build()).isEqualTo(lease);
    }

    @Test
    void unacknowledgedWhenSentTimeIsAheadOfAcknowledged() {
        Lease acked = active().tstp(NOW).atsfp(NOW).build();
        assertThat(acked.isUnacknowledged()).isFalse();
        assertThat(acked.toBuilder().tstp(NOW.plusSeconds(1)).build().isUnacknowledged()).isTrue();
    }

    @Test
    void activeForComparesClient() {
        Lease lease = active().build();
        assertThat(lease.isActiveFor(CLIENT)).isTrue();
        assertThat(lease.isActiveFor(ClientId.fromClientIdentifier(new byte[] {1, 2}))).isFalse();
        assertThat(lease.toBuilder().state(BindingState.FREE).build().isActiveFor(CLIENT)).isFalse();
    }
}

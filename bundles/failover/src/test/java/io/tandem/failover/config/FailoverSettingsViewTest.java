package io.tandem.failover.config;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.failover.state.EndpointState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverSettingsViewTest {

    private static final Instant STOS = Instant.parse("2024-05-01T10:00:00Z");
    private static final EndpointState NORMAL = EndpointState.of(FailoverState.NORMAL, STOS,
            FailoverState.NORMAL, Duration.ofSeconds(3600));

    @Test
    void thePrimaryServesItsConfiguredBuckets() throws ConfigurationRejectedException {
        FailoverSettings primary = FailoverSettingsParser.parse(FailoverSettingsParserTest.primary());
        assertThat(primary.view(NORMAL, Optional.empty())).isEqualTo(new FailoverView(FailoverRole.PRIMARY,
                FailoverState.NORMAL, STOS, FailoverState.NORMAL, Duration.ofSeconds(3600), HashBuckets.split(128),
                3, FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP));
        assertThatThrownBy(() -> primary.view(NORMAL, Optional.of(HashBuckets.ALL)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBalancingPercentagesReachCore() throws ConfigurationRejectedException {
        Map<String, Object> properties = FailoverSettingsParserTest.primary();
        properties.put("maxLeaseMisbalance", "20");
        properties.put("maxLeaseOwnership", "5");
        FailoverView view = FailoverSettingsParser.parse(properties).view(NORMAL, Optional.empty());
        assertThat(view.maxLeaseMisbalance()).isEqualTo(20);
        assertThat(view.maxLeaseOwnership()).isEqualTo(5);
    }

    @Test
    void theSecondaryServesWhatTheReceivedHbaLeavesIt() throws ConfigurationRejectedException {
        FailoverSettings secondary = FailoverSettingsParser.parse(FailoverSettingsParserTest.secondary());
        FailoverView view = secondary.view(NORMAL, Optional.of(HashBuckets.split(100)));
        assertThat(view.role()).isEqualTo(FailoverRole.SECONDARY);
        assertThat(view.ownBuckets()).isEqualTo(HashBuckets.split(100).inverted());
        assertThat(view.ownBuckets().contains(99)).isFalse();
        assertThat(view.ownBuckets().contains(100)).isTrue();
        assertThat(view.mclt()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(secondary.view(NORMAL, Optional.empty()).ownBuckets()).isEqualTo(HashBuckets.NONE);
    }

    @Test
    void aServerInStartupServesNobody() throws ConfigurationRejectedException {
        EndpointState starting = new EndpointState(FailoverState.STARTUP, STOS, Optional.of(FailoverState.NORMAL),
                FailoverState.NORMAL, Duration.ofSeconds(60));
        FailoverView view = FailoverSettingsParser.parse(FailoverSettingsParserTest.primary()).view(starting,
                Optional.empty());
        assertThat(view.state()).isEqualTo(FailoverState.STARTUP);
        assertThat(view.servesClients()).isFalse();
    }
}

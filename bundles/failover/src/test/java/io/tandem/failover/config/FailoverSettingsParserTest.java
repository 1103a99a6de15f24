package io.tandem.failover.config;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.FailoverRole;
import io.tandem.api.HashBuckets;
import io.tandem.protocol.Ipv4Address;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key of PID io.tandem.failover, good and bad, for both roles. */
class FailoverSettingsParserTest {

    private static final String HBA = "ff".repeat(16) + "00".repeat(16);

    static Map<String, Object> primary() {
        return new HashMap<>(Map.of("role", "primary", "relationshipName", "fo-lab", "localAddress", "192.168.77.1",
                "peerAddress", "192.168.77.2", "mclt", "3600", "split", "128"));
    }

    static Map<String, Object> secondary() {
        return new HashMap<>(Map.of("role", "secondary", "relationshipName", "fo-lab", "localAddress", "192.168.77.2",
                "peerAddress", "192.168.77.1"));
    }

    @Test
    void primaryWithDefaults() throws ConfigurationRejectedException {
        FailoverSettings s = FailoverSettingsParser.parse(primary());
        assertThat(s).isEqualTo(new FailoverSettings(FailoverRole.PRIMARY, "fo-lab",
                Ipv4Address.parse("192.168.77.1"), 647, Ipv4Address.parse("192.168.77.2"), 647,
                Optional.of(Duration.ofSeconds(3600)), Optional.of(HashBuckets.split(128)), 3,
                Duration.ofSeconds(20), 100, Duration.ZERO, 15, 10, Duration.ofSeconds(60),
                Duration.ofSeconds(3600)));
    }

    @Test
    void secondaryWithDefaults() throws ConfigurationRejectedException {
        FailoverSettings s = FailoverSettingsParser.parse(secondary());
        assertThat(s.role()).isEqualTo(FailoverRole.SECONDARY);
        assertThat(s.mclt()).isEmpty();
        assertThat(s.primaryBuckets()).isEmpty();
        assertThat(s.localPort()).isEqualTo(647);
    }

    @Test
    void everyKeySetGoodOnThePrimary() throws ConfigurationRejectedException {
        Map<String, Object> p = primary();
        p.putAll(Map.of("role", " PRIMARY ", "localPort", "1647", "peerPort", 2647, "mclt", 60L,
                "loadBalanceMaxSeconds", "0", "maxResponseDelay", "30", "maxUnackedUpdates", "10",
                "autoPartnerDown", "600", "maxLeaseMisbalance", "100", "maxLeaseOwnership", "0"));
        p.put("minBalance", "3600");
        p.put("maxBalance", "3600");
        p.remove("split");
        p.put("hba", HBA.replaceAll("(..)(?!$)", "$1:"));
        FailoverSettings s = FailoverSettingsParser.parse(p);
        assertThat(s).isEqualTo(new FailoverSettings(FailoverRole.PRIMARY, "fo-lab",
                Ipv4Address.parse("192.168.77.1"), 1647, Ipv4Address.parse("192.168.77.2"), 2647,
                Optional.of(Duration.ofSeconds(60)), Optional.of(HashBuckets.of(HexFormat.of().parseHex(HBA))), 0,
                Duration.ofSeconds(30), 10, Duration.ofSeconds(600), 100, 0, Duration.ofSeconds(3600),
                Duration.ofSeconds(3600)));
    }

    @Test
    void splitBoundsAndHbaWithoutColons() throws ConfigurationRejectedException {
        for (int split : new int[] {0, 256}) {
            Map<String, Object> p = primary();
            p.put("split", Integer.toString(split));
            assertThat(FailoverSettingsParser.parse(p).primaryBuckets()).contains(HashBuckets.split(split));
        }
        Map<String, Object> p = primary();
        p.remove("split");
        p.put("hba", HBA);
        assertThat(FailoverSettingsParser.parse(p).primaryBuckets()).contains(HashBuckets.split(128));
    }

    @Test
    void samePortsOnDifferentAddressesAndSameAddressOnDifferentPortsArePeers() throws ConfigurationRejectedException {
        Map<String, Object> p = primary();
        p.put("peerAddress", "192.168.77.1");
        p.put("peerPort", "648");
        assertThat(FailoverSettingsParser.parse(p).peerPort()).isEqualTo(648);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                bad(primary(), "role", null, "is required"),
                bad(primary(), "role", "tertiary", "neither primary nor secondary"),
                bad(primary(), "relationshipName", null, "is required"),
                bad(primary(), "relationshipName", "  ", "is required"),
                bad(primary(), "relationshipName", "x".repeat(256), "255"),
                bad(primary(), "relationshipName", "pair-\u20ac", "ISO-8859-1"),
                bad(primary(), "localAddress", null, "is required"),
                bad(primary(), "localAddress", "192.168.77", "not an IPv4 address"),
                bad(primary(), "localAddress", "0.0.0.0", "no single server"),
                bad(primary(), "localPort", "0", "outside 1-65535"),
                bad(primary(), "localPort", "65536", "outside 1-65535"),
                bad(primary(), "localPort", "647a", "not a whole number"),
                bad(primary(), "peerAddress", null, "is required"),
                bad(primary(), "peerAddress", "peer.example", "not an IPv4 address"),
                bad(primary(), "peerAddress", "255.255.255.255", "no single server"),
                bad(primary(), "peerAddress", "192.168.77.1", "this server itself"),
                bad(primary(), "peerPort", "-1", "outside 1-65535"),
                bad(primary(), "mclt", null, "the primary needs an MCLT"),
                bad(primary(), "mclt", "0", "outside 1-4294967295"),
                bad(primary(), "mclt", "4294967296", "outside 1-4294967295"),
                bad(primary(), "mclt", "1h", "not a whole number"),
                bad(secondary(), "mclt", "3600", "only the primary sets mclt"),
                bad(primary(), "split", null, "needs split (0-256) or hba"),
                bad(primary(), "split", "257", "outside 0-256"),
                bad(primary(), "split", "-1", "outside 0-256"),
                bad(secondary(), "split", "128", "only the primary sets split"),
                bad(with(primary(), "hba", HBA), "hba", HBA, "set only one of them"),
                bad(without(primary(), "split"), "hba", "ff", "not 32 hex bytes"),
                bad(without(primary(), "split"), "hba", "zz".repeat(32), "not 32 hex bytes"),
                bad(secondary(), "hba", HBA, "only the primary sets hba"),
                bad(primary(), "loadBalanceMaxSeconds", "-1", "outside 0-65535"),
                bad(primary(), "loadBalanceMaxSeconds", "65536", "outside 0-65535"),
                bad(primary(), "maxResponseDelay", "2", "outside 3-"),
                bad(primary(), "maxUnackedUpdates", "0", "outside 1-"),
                bad(primary(), "autoPartnerDown", "-5", "outside 0-"),
                bad(primary(), "maxLeaseMisbalance", "101", "outside 0-100"),
                bad(primary(), "maxLeaseOwnership", "-1", "outside 0-100"),
                bad(primary(), "minBalance", "0", "outside 1-"),
                bad(primary(), "maxBalance", "0", "outside 1-"),
                bad(with(primary(), "maxBalance", "59"), "minBalance", "60", "above maxBalance 59"),
                bad(secondary(), "maxResponseDelay", "x", "not a whole number"));
    }

    @ParameterizedTest(name = "{1}={2}")
    @MethodSource("refused")
    void refusedWithPidKeyAndReason(Map<String, Object> properties, String key, String value, String reason) {
        ConfigurationRejectedException e = catchThrowableOfType(ConfigurationRejectedException.class,
                () -> FailoverSettingsParser.parse(properties));
        assertThat(e).as("%s=%s", key, value).isNotNull();
        ConfigurationProblem problem = e.problem();
        assertThat(problem.kind()).isEqualTo(ConfigurationProblem.Kind.REJECTED);
        assertThat(problem.pid()).isEqualTo("io.tandem.failover");
        assertThat(problem.key()).isEqualTo(key);
        assertThat(problem.reason()).contains(reason);
        assertThat(e.getMessage()).contains("pid=io.tandem.failover", "key=" + key);
    }

    @Test
    void theMetatypeInterfaceDeclaresExactlyTheParsedKeys() {
        assertThat(Arrays.stream(FailoverConfig.class.getDeclaredMethods()).map(Method::getName))
                .containsExactlyInAnyOrder("role", "relationshipName", "localAddress", "localPort", "peerAddress",
                        "peerPort", "mclt", "split", "hba", "loadBalanceMaxSeconds", "maxResponseDelay",
                        "maxUnackedUpdates", "autoPartnerDown", "maxLeaseMisbalance", "maxLeaseOwnership",
                        "minBalance", "maxBalance");
    }

    private static Arguments bad(Map<String, Object> properties, String key, String value, String reason) {
        Map<String, Object> p = new HashMap<>(properties);
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        return Arguments.of(p, key, value, reason);
    }

    private static Map<String, Object> with(Map<String, Object> p, String key, String value) {
        p.put(key, value);
        return p;
    }

    private static Map<String, Object> without(Map<String, Object> p, String key) {
        p.remove(key);
        return p;
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.AllocationRequest;
import io.tandem.api.PolicyStatus;
import io.tandem.api.Proposal;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Which installed policy serves: the operator's choice while installed, else the highest ranking, else core's own. */
class InstalledPoliciesTest {

    @TempDir
    Path directory;

    private record Named(String name) implements AllocationPolicy {
        @Override
        public Proposal propose(AllocationRequest request) {
            return new Proposal.NoAddress("test");
        }
    }

    private static Optional<String> active(InstalledPolicies policies) {
        return policies.active().map(installed -> installed.policy().name());
    }

    @Test
    void the_highest_ranking_serves_unless_the_operator_chose_one_that_is_installed() {
        InstalledPolicies policies = new InstalledPolicies();
        assertThat(active(policies)).isEmpty();
        assertThat(policies.statuses()).singleElement()
                .matches(status -> status.name().equals(PolicyStatus.FALLBACK) && status.active());

        Named affinity = new Named("affinity");
        Named hash = new Named("stable-hash");
        policies.add(affinity, "io.tandem.policy.affinity", 100);
        policies.add(hash, "io.tandem.policy.stablehash", 50);
        assertThat(active(policies)).contains("affinity");

        policies.choose(Optional.of("stable-hash"));
        assertThat(active(policies)).contains("stable-hash");
        policies.remove(hash);
        assertThat(active(policies)).as("chosen but gone: the highest ranking serves").contains("affinity");
        policies.add(hash, "io.tandem.policy.stablehash", 50);
        assertThat(active(policies)).as("chosen and back").contains("stable-hash");

        policies.choose(Optional.empty());
        assertThat(active(policies)).contains("affinity");
        policies.rank(hash, 200);
        assertThat(active(policies)).contains("stable-hash");
        assertThat(policies.statuses()).extracting(PolicyStatus::name)
                .containsExactly("stable-hash", "affinity", PolicyStatus.FALLBACK);

        policies.remove(hash);
        policies.remove(affinity);
        assertThat(active(policies)).isEmpty();
        assertThat(policies.statuses()).singleElement().matches(PolicyStatus::active);
    }

    @Test
    void an_operator_can_choose_only_an_installed_policy_and_the_choice_is_kept() throws Exception {
        try (EngineFixture server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()))) {
            List<Optional<String>> kept = new ArrayList<>();
            server.policies().add(new Named("stable-hash"), "io.tandem.policy.stablehash", 50);
            assertThat(server.administration(kept).policies()).filteredOn(PolicyStatus::active)
                    .extracting(PolicyStatus::name).containsExactly("stable-hash");

            assertThatThrownBy(() -> server.administration(kept).usePolicy(Optional.of("stable-hsh")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stable-hsh").hasMessageContaining("[stable-hash, test]");
            assertThat(kept).isEmpty();

            server.administration(kept).usePolicy(Optional.of("test"));
            assertThat(kept).containsExactly(Optional.of("test"));
            assertThat(active(server.policies())).contains("test");
        }
    }

    @Test
    void with_no_policy_installed_a_new_client_gets_the_address_free_the_longest() throws Exception {
        try (EngineFixture server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()))) {
            server.policies().remove(server.policies().active().orElseThrow().policy());
            TestClient client = new TestClient(1);
            Optional<DhcpMessage> offer = server.send(client.discover());
            assertThat(offer).map(DhcpMessage::yiaddr)
                    .contains(Ipv4Address.parse("192.0.2.100"));
            assertThat(server.administration().policies()).singleElement()
                    .matches(status -> status.active() && status.served() == 1);
        }
    }

    /** A service reference whose only property is {@code service.ranking}, from a bundle named "policy". */
    private static ServiceReference<?> rankedAs(Object ranking) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getSymbolicName") ? "policy" : null);
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "service.ranking".equals(args[0]) ? ranking : null;
                    case "getBundle" -> bundle;
                    default -> null;
                });
    }

    @Test
    void aRankingSetFromTheShellAsTextCounts() {
        assertThat(EngineComponent.ranking(rankedAs(200))).isEqualTo(200);
        assertThat(EngineComponent.ranking(rankedAs(" 200"))).as("config:property-set stores text").isEqualTo(200);
        assertThat(EngineComponent.ranking(rankedAs("high"))).isZero();
        assertThat(EngineComponent.ranking(rankedAs(null))).isZero();
    }
}

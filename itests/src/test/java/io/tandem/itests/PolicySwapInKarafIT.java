package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.tandem.api.PolicyStatus;
import io.tandem.api.ServerAdministration;
import io.tandem.api.TrafficStatistics;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The real policy bundles, affinity and stable-hash, swapped twenty times each way an operator can (dhcp:policy use,
 * bundle stop and start, feature uninstall and install) while a client keeps running DORA exchanges: no exchange is
 * lost, no policy fault or internal error is counted, no address ends up bound twice, and after every swap the newly
 * active policy is the one placing the next clients.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicySwapInKarafIT {

    private static final int SWAPS = 20;
    private static final Duration TAKES_OVER_WITHIN = Duration.ofSeconds(15);
    private static final String AFFINITY = "affinity";
    private static final String STABLE_HASH = "stable-hash";

    @Inject
    private BundleContext context;

    @Inject
    private ServerAdministration administration;

    @Inject
    private TrafficStatistics statistics;

    @Inject
    private SessionFactory sessions;

    private final AtomicBoolean serving = new AtomicBoolean(true);
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private Thread load;

    @Configuration
    public Option[] config() {
        return options(KarafOptions.tandemInKaraf("tandem-policy-stable-hash"));
    }

    private static HardwareAddress mac(int n) {
        return HardwareAddress.parseEthernet(String.format("02:00:01:%02x:%02x:%02x", n >>> 16, (n >>> 8) & 0xff,
                n & 0xff));
    }

    /** Continuous DORA exchanges, each by a new client that gives its address back, so every one asks the policy. */
    @Before
    public void startLoad() throws Exception {
        try (RelayedClient client = RelayedClient.toKaraf()) {
            client.awaitServing(mac(0));
        }
        AtomicInteger next = new AtomicInteger((int) (System.nanoTime() & 0xfff) << 12);
        load = new Thread(() -> {
            try (RelayedClient client = RelayedClient.toKaraf()) {
                while (serving.get()) {
                    int n = next.incrementAndGet();
                    Optional<DhcpMessage> ack = client.dora(mac(n));
                    if (ack.isEmpty() || !ack.get().messageType().equals(Optional.of(MessageType.ACK))) {
                        lost.add("client " + n + " got " + ack.flatMap(DhcpMessage::messageType) + " after "
                                + exchanges.get() + " exchanges");
                    } else {
                        exchanges.incrementAndGet();
                        client.release(mac(n), ack.get().yiaddr(), ack.get().serverIdentifier().orElseThrow());
                    }
                }
            } catch (Exception e) {
                lost.add(e.toString());
            }
        }, "policy-swap-load");
        load.start();
    }

    /** Stops the load and checks what every test must leave: nothing lost, nothing wrong, nothing bound twice. */
    @After
    public void checkNothingWasLost() throws Exception {
        serving.set(false);
        load.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of(), lost);
        Map<String, Long> dropped = statistics.snapshot().dropped();
        assertEquals("internal errors", 0L, (long) dropped.getOrDefault("internal-error", 0L));
        for (PolicyStatus policy : administration.policies()) {
            assertEquals(policy.name() + " refused", 0, policy.refused());
            assertEquals(policy.name() + " failed", 0, policy.failed());
        }
        Map<Ipv4Address, ClientId> bound = new HashMap<>();
        Map<ClientId, Ipv4Address> byClient = new HashMap<>();
        administration.forEachLease(administration.subnets().get(0), lease -> {
            if (lease.state() == BindingState.ACTIVE) {
                assertEquals("one binding per client", null, byClient.put(lease.client(), lease.address()));
                assertEquals("one client per address", null, bound.put(lease.address(), lease.client()));
            }
        });
    }

    private String console(String command) throws Exception {
        return KarafConsole.execute(sessions, command);
    }

    private PolicyStatus status(String name) {
        return administration.policies().stream().filter(policy -> policy.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not installed: " + administration.policies()));
    }

    /** Waits until {@code name} is active and has placed two more clients than it had when asked. */
    private void awaitPlacing(String name, String after) throws Exception {
        long deadline = System.nanoTime() + TAKES_OVER_WITHIN.toNanos();
        long servedBefore = -1;
        while (System.nanoTime() < deadline) {
            Optional<PolicyStatus> policy = administration.policies().stream()
                    .filter(candidate -> candidate.name().equals(name) && candidate.active()).findFirst();
            if (policy.isPresent()) {
                servedBefore = servedBefore < 0 ? policy.get().served() : servedBefore;
                if (policy.get().served() >= servedBefore + 2) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError(name + " did not take over after " + after + ": " + administration.policies()
                + " lost " + lost);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    @Test
    public void swappedTwentyTimesByDhcpPolicyUse() throws Exception {
        for (int swap = 0; swap < SWAPS; swap++) {
            String next = swap % 2 == 0 ? STABLE_HASH : AFFINITY;
            String printed = console("dhcp:policy use " + next);
            assertTrue(printed, printed.contains("allocation policy: " + next));
            awaitPlacing(next, "dhcp:policy use " + next);
        }
        console("dhcp:policy clear");
        awaitPlacing(AFFINITY, "dhcp:policy clear");
        assertTrue("exchanges during the swaps: " + exchanges.get(), exchanges.get() >= 2 * SWAPS);
    }

    @Test
    public void swappedTwentyTimesByStoppingAndStartingTheHigherRankedBundle() throws Exception {
        console("dhcp:policy clear");
        for (int swap = 0; swap < SWAPS; swap++) {
            long id = bundle("io.tandem.policy.affinity").getBundleId();
            console("bundle:stop " + id);
            awaitPlacing(STABLE_HASH, "bundle:stop of affinity");
            console("bundle:start " + id);
            awaitPlacing(AFFINITY, "bundle:start of affinity (ranking 100 over 50)");
        }
    }

    @Test
    public void swappedTwentyTimesByUninstallingAndInstallingTheChosenPolicysFeature() throws Exception {
        console("dhcp:policy use " + STABLE_HASH);
        awaitPlacing(STABLE_HASH, "dhcp:policy use");
        for (int swap = 0; swap < SWAPS; swap++) {
            console("feature:uninstall tandem-policy-stable-hash");
            awaitPlacing(AFFINITY, "feature:uninstall of the chosen policy");
            assertTrue(console("dhcp:policy").contains("chosen: stable-hash (NOT INSTALLED"));
            console("feature:install tandem-policy-stable-hash");
            awaitPlacing(STABLE_HASH, "feature:install of the chosen policy");
        }
        console("dhcp:policy clear");
        assertEquals(Optional.empty(), administration.chosenPolicy());
        status(AFFINITY);
    }

    @Test
    public void aRankingSetFromTheShellDecidesWhileNoPolicyIsChosen() throws Exception {
        console("dhcp:policy clear");
        awaitPlacing(AFFINITY, "dhcp:policy clear");
        // config:property-set stores the ranking as text, which the framework ignores and core reads.
        console("config:property-set -p io.tandem.policy.stablehash service.ranking 200");
        awaitPlacing(STABLE_HASH, "config:property-set service.ranking 200");
        assertEquals(200, status(STABLE_HASH).ranking());
        console("config:property-set -p io.tandem.policy.stablehash service.ranking 50");
        awaitPlacing(AFFINITY, "config:property-set service.ranking 50");
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.AllocationPolicy;
import io.tandem.api.PolicyStatus;
import io.tandem.api.Proposal;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of new clients whose policy proposes the same address to all of them: each round only one client can
 * hold it, and the others lose the race. The policy's calls of a round are made to look at the pool before any of
 * them returns, so that every client still waiting is proposed the same address each round: more clients than the
 * policy's attempts leaves some losing every one of them.
 */
class OfferContentionTest {

    /** More than the 8 times core asks the policy: the last two lose every round. */
    private static final int CLIENTS = 10;

    @TempDir
    Path directory;
    private EngineFixture server;

    @BeforeEach
    void start() throws Exception {
        // A worker per client, and a deadline the rounds cannot miss: the policy waits for the others in each call.
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()), new EngineSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(600), CLIENTS + 2, Optional.empty(),
                Duration.ofSeconds(60), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @Timeout(60)
    void clientsThatLoseEveryRaceForTheProposedAddressAreOfferedAnotherByCoresFallback() throws Exception {
        Phaser round = new Phaser(CLIENTS);
        AtomicInteger calls = new AtomicInteger();
        AllocationPolicy sameForAll = TestPolicy.answering("same-for-all", request -> {
            calls.incrementAndGet();
            Proposal proposal = new Proposal.Offer(request.allocatable().longestFree().orElseThrow());
            round.arriveAndAwaitAdvance();
            return proposal;
        });
        server.policies().add(sameForAll, "test-bundle", 1_000);

        List<CompletableFuture<Optional<DhcpMessage>>> offers = new ArrayList<>();
        for (int n = 1; n <= CLIENTS; n++) {
            CompletableFuture<Optional<DhcpMessage>> offer = server.engine()
                    .handle(new TestClient(n).discover(), EngineFixture.LINK).toCompletableFuture();
            // A client answered leaves the rounds; the others wait only for those still asking.
            offers.add(offer.whenComplete((reply, error) -> round.arriveAndDeregister()));
        }

        List<Ipv4Address> offered = new ArrayList<>();
        for (CompletableFuture<Optional<DhcpMessage>> offer : offers) {
            offered.add(offer.get(30, TimeUnit.SECONDS).orElseThrow().yiaddr());
        }
        assertThat(offered).doesNotHaveDuplicates().hasSize(CLIENTS);
        // Rounds of 10, 9, ... 3 clients: one winner each, then the last two are offered by the fallback.
        assertThat(calls).hasValue(10 + 9 + 8 + 7 + 6 + 5 + 4 + 3);
        List<PolicyStatus> statuses = server.administration().policies();
        assertThat(statuses).filteredOn(status -> status.name().equals("same-for-all"))
                .extracting(PolicyStatus::served, PolicyStatus::refused, PolicyStatus::failed)
                .containsExactly(Tuple.tuple(8L, 0L, 0L));
        assertThat(statuses).filteredOn(status -> status.name().equals(PolicyStatus.FALLBACK))
                .extracting(PolicyStatus::served).containsExactly(2L);
        assertThat(server.statistics.snapshot().dropped()).isEmpty();
        InvariantChecker.check(server.engine());
    }
}

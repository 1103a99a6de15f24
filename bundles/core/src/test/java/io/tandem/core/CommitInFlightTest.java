package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An address whose commit is in flight (an fsync stall, store backpressure) belongs to that commit: no other
 * exchange may hold, offer or bind it until the commit has completed, and if it fails the address is back where it
 * was. The store's gate stands for the stall; the sweep runs while it is closed.
 */
class CommitInFlightTest {

    @TempDir
    Path directory;
    private EngineFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()));
    }

    @AfterEach
    void stop() {
        server.steering().openGate();
        server.close();
    }

    private DhcpMessage reply(DhcpMessage request) throws Exception {
        return server.send(request).orElseThrow(() -> new AssertionError("no reply to " + request.messageType()));
    }

    private CompletableFuture<Optional<DhcpMessage>> sendAsync(DhcpMessage request) {
        return server.engine().handle(request, EngineFixture.LINK).toCompletableFuture();
    }

    /** The client's offer lapses unswept; it requests it anyway and the commit stalls. */
    private CompletableFuture<Optional<DhcpMessage>> stalledRequestOfLapsedOffer(TestClient client, Ipv4Address offered)
            throws Exception {
        server.clock.advance(Duration.ofSeconds(31));
        server.steering().closeGate();
        CompletableFuture<Optional<DhcpMessage>> ack = sendAsync(client.select(offered, SERVER));
        server.steering().awaitGated(1);
        server.engine().sweep().get(10, TimeUnit.SECONDS);
        return ack;
    }

    @Test
    void an_address_being_bound_is_not_offered_or_bound_to_another_client_even_after_its_offer_lapsed()
            throws Exception {
        TestClient first = new TestClient(1);
        Ipv4Address address = reply(first.discover()).yiaddr();
        CompletableFuture<Optional<DhcpMessage>> firstAck = stalledRequestOfLapsedOffer(first, address);

        TestClient second = new TestClient(2);
        Ipv4Address offeredToSecond = reply(second.discover()).yiaddr();
        assertThat(offeredToSecond).as("offered while its commit is in flight").isNotEqualTo(address);
        assertThat(reply(second.discoverRequesting(address)).yiaddr()).isNotEqualTo(address);
        assertThat(reply(second.select(address, SERVER)).messageType()).as("bound to the first client in flight")
                .contains(MessageType.NAK);
        CompletableFuture<Optional<DhcpMessage>> secondAck = sendAsync(second.select(offeredToSecond, SERVER));
        server.steering().awaitGated(2);
        server.steering().openGate();

        DhcpMessage ackOfFirst = firstAck.get(10, TimeUnit.SECONDS).orElseThrow();
        DhcpMessage ackOfSecond = secondAck.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(ackOfFirst.messageType()).contains(MessageType.ACK);
        assertThat(ackOfFirst.yiaddr()).isEqualTo(address);
        assertThat(ackOfSecond.messageType()).contains(MessageType.ACK);
        assertThat(ackOfSecond.yiaddr()).as("two clients ACKed one address").isNotEqualTo(address);
        InvariantChecker.check(server.engine());
    }

    @Test
    void an_address_whose_commit_fails_goes_back_to_the_pool_its_lapsed_offer_would_have_gone_to()
            throws Exception {
        TestClient first = new TestClient(1);
        Ipv4Address address = reply(first.discover()).yiaddr();
        CompletableFuture<Optional<DhcpMessage>> firstAck = stalledRequestOfLapsedOffer(first, address);
        server.steering().failGated();

        assertThat(firstAck.get(10, TimeUnit.SECONDS)).as("no ACK for a lease that is not durable").isEmpty();
        assertThat(server.store().get(address)).isEmpty();
        InvariantChecker.check(server.engine());
        assertThat(reply(new TestClient(2).discover()).yiaddr()).as("free again").isEqualTo(address);
    }

    @Test
    void a_failed_commit_leaves_a_live_offer_held_for_its_client() throws Exception {
        TestClient first = new TestClient(1);
        Ipv4Address address = reply(first.discover()).yiaddr();
        server.steering().closeGate();
        CompletableFuture<Optional<DhcpMessage>> firstAck = sendAsync(first.select(address, SERVER));
        server.steering().awaitGated(1);
        server.steering().failGated();

        assertThat(firstAck.get(10, TimeUnit.SECONDS)).isEmpty();
        InvariantChecker.check(server.engine());
        assertThat(reply(new TestClient(2).discoverRequesting(address)).yiaddr()).isNotEqualTo(address);
        assertThat(reply(first.select(address, SERVER)).messageType()).as("its client may try again")
                .contains(MessageType.ACK);
    }

    @Test
    void a_declined_address_is_not_offered_while_its_abandonment_is_in_flight() throws Exception {
        TestClient first = new TestClient(1);
        Ipv4Address address = reply(first.discover()).yiaddr();
        server.steering().closeGate();
        CompletableFuture<Optional<DhcpMessage>> declined = sendAsync(first.decline(address, SERVER));
        server.steering().awaitGated(1);
        server.clock.advance(Duration.ofSeconds(31));
        server.engine().sweep().get(10, TimeUnit.SECONDS);

        assertThat(reply(new TestClient(2).discover()).yiaddr()).as("offered while being abandoned")
                .isNotEqualTo(address);
        server.steering().openGate();
        assertThat(declined.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.store().get(address).orElseThrow().state()).isEqualTo(BindingState.ABANDONED);
        InvariantChecker.check(server.engine());
    }
}

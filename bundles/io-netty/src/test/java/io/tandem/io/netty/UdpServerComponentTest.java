package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The DS lifecycle with real sockets on loopback: a bad configuration is one log line and serves nothing (or keeps
 * the last good one serving), a changed one moves the sockets, deactivation closes them.
 */
class UdpServerComponentTest {

    private final RecordingStatistics statistics = new RecordingStatistics();
    private final AnsweringEngine engine = AnsweringEngine.offeringAndAcking();
    private final UdpPeer client = new UdpPeer("0.0.0.0", 0);
    private UdpServerComponent component;
    private int xid = 0x9000;

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
        client.close();
        engine.close();
    }

    private TestConfig loopback(int port) {
        return new TestConfig().interfaces("lo").port(port).clientPort(client.port());
    }

    /** Whether a DISCOVER sent to {@code port} is answered now. */
    private boolean answers(int port) {
        int id = ++xid;
        client.send(Requests.bytes(Requests.discover(id)), port);
        return client.receive(id, Duration.ofMillis(1500)).isPresent();
    }

    private void awaitBound() {
        component.server().channels().forEach(channel -> channel.bound().join());
    }

    /**
     * Waits (at most 10 s) until every interface has been tried once: the missing one's first attempt runs on its
     * own, after the others may have bound, and until then it is reported as "not tried yet".
     */
    private void awaitFirstAttemptOfEveryInterface() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (component.problems().toString().contains("not tried yet") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void badConfigurationAtActivationIsOneLogLineAndServesNothingUntilAGoodOneArrives() {
        int port = UdpPeer.freePort();
        List<String> lines = CapturedLog.linesOf(() -> component = new UdpServerComponent(engine, statistics,
                loopback(port).maxPendingRequests(0), Duration.ofMillis(100)));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("ERROR", "pid=io.tandem.server", "key=maxPendingRequests", "serving=nothing");
        assertThat(component.server()).isNull();
        assertThat(component.problems()).singleElement().asString().contains("key=maxPendingRequests");
        assertThat(answers(port)).isFalse();

        component.modified(loopback(port));
        awaitBound();
        assertThat(answers(port)).isTrue();
        assertThat(component.problems()).isEmpty();
    }

    @Test
    void anInterfaceMissingAtActivationIsServedBesideTheOthersAndReportedAsWaiting() {
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port).interfaces("lo", "tdm-io-later"),
                Duration.ofMillis(100));
        component.server().channels().get(0).bound().join();
        awaitFirstAttemptOfEveryInterface();

        assertThat(answers(port)).isTrue();
        assertThat(component.problems()).singleElement().asString().contains("configuration waiting",
                "key=interfaces", "tdm-io-later not served yet", "no network interface named tdm-io-later");
        assertThat(component.inEffect()).singleElement()
                .satisfies(section -> assertThat(section.settings()).containsEntry("interfaces", "lo, tdm-io-later")
                        .containsEntry("port", String.valueOf(port)));
    }

    @Test
    void aChangeNamingAMissingInterfaceIsRefusedAndTheServedOneKeepsServing() {
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port), Duration.ofMillis(100));
        awaitBound();
        UdpServer serving = component.server();

        List<String> lines = CapturedLog.linesOf(() -> component.modified(loopback(port).interfaces("tdm-io-typo")));

        assertThat(lines).singleElement().asString().contains("key=interfaces",
                "no network interface named tdm-io-typo", "serving=previous");
        assertThat(component.server()).isSameAs(serving);
        assertThat(answers(port)).isTrue();
        assertThat(component.problems()).singleElement().asString().contains("configuration rejected",
                "tdm-io-typo");
    }

    @Test
    void badUpdateKeepsTheLastGoodConfigurationServing() {
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port), Duration.ofMillis(100));
        awaitBound();
        UdpServer serving = component.server();

        List<String> lines = CapturedLog.linesOf(() -> component.modified(loopback(port).relayPort(70_000)));

        assertThat(lines).singleElement().asString().contains("key=relayPort", "serving=previous");
        assertThat(component.server()).isSameAs(serving);
        assertThat(answers(port)).isTrue();
    }

    @Test
    void changedPortMovesTheSocketAndAnUnchangedUpdateKeepsIt() {
        int first = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(first), Duration.ofMillis(100));
        awaitBound();
        UdpServer serving = component.server();
        component.modified(loopback(first));
        assertThat(component.server()).isSameAs(serving);

        int second = UdpPeer.freePort();
        component.modified(loopback(second));
        awaitBound();

        assertThat(answers(second)).isTrue();
        assertThat(answers(first)).isFalse();
    }

    @Test
    void deactivationClosesTheSockets() {
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port), Duration.ofMillis(100));
        awaitBound();
        assertThat(answers(port)).isTrue();

        component.deactivate();

        assertThat(answers(port)).isFalse();
        component = null;
    }

    @Test
    void theSocketsAreBoundOnlyOnceTheEngineIsReady() {
        CompletableFuture<Void> rehearsed = new CompletableFuture<>();
        engine.readyWhen(rehearsed);
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port), Duration.ofMillis(100));

        assertThat(answers(port)).isFalse();
        assertThat(component.server().channels()).allSatisfy(channel -> assertThat(channel.bound()).isNotDone());

        rehearsed.complete(null);
        awaitBound();
        assertThat(answers(port)).isTrue();
    }

    @Test
    void aServerClosedBeforeTheEngineIsReadyBindsNothingWhenItIs() {
        CompletableFuture<Void> rehearsed = new CompletableFuture<>();
        engine.readyWhen(rehearsed);
        int port = UdpPeer.freePort();
        component = new UdpServerComponent(engine, statistics, loopback(port), Duration.ofMillis(100));
        UdpServer closed = component.server();
        component.deactivate();
        component = null;

        rehearsed.complete(null);

        assertThat(answers(port)).isFalse();
        assertThat(closed.channels()).allSatisfy(channel -> assertThat(channel.bound()).isNotDone());
    }
}

package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.api.ReceivingLink;
import io.tandem.io.netty.TestNetworks.Link;
import io.tandem.protocol.Ipv4Address;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing on veth pairs: clients without an address, each in its own network namespace, broadcast a
 * DHCPDISCOVER from 0.0.0.0:68 to 255.255.255.255:67; the server serves two interfaces on port 67 at once, tells
 * each request's receiving link apart, and its broadcast reply reaches exactly the asking client's interface.
 * Needs root and iproute2 (CI runs as root and installs it); fails, never skips, without them.
 */
class NamespaceTest {

    private final TestNetworks networks = new TestNetworks();
    private final RecordingStatistics statistics = new RecordingStatistics();
    private final AnsweringEngine engine = AnsweringEngine.offeringAndAcking();
    private UdpServer server;

    @BeforeAll
    static void requireNamespaces() {
        assertTrue(TestNetworks.available(), "network namespaces need root and the ip tool (iproute2): run as root");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        engine.close();
        networks.close();
    }

    private UdpServer serve(List<String> interfaces, Duration retryInterval) {
        server = new UdpServer(new ServerSettings(interfaces, 67, 68, 67, 10_000, RunningServer.RECEIVE_BUFFER_BYTES),
                engine, statistics, retryInterval);
        return server;
    }

    private String discover(Link link, int xid) {
        TestNetworks.Result result = networks.runInNamespace(link, "python3", clientScript(), "--interface",
                link.clientInterface(), "--xid", Integer.toHexString(xid));
        assertThat(result.exitCode()).as("client in %s: %s", link.namespace(), result.output()).isZero();
        return result.output();
    }

    @Test
    void eachInterfaceKnowsItsLinkAndBroadcastsReachTheAskingClient() throws Exception {
        Link a = networks.add("a");
        Link b = networks.add("b");
        networks.address(a, "198.51.100.1/24");
        networks.address(b, "203.0.113.1/24");
        serve(List.of(a.hostInterface(), b.hostInterface()), Duration.ofMillis(200));
        ReceivingLink linkA = new ReceivingLink(a.hostInterface(), Ipv4Address.parse("198.51.100.1"));
        ReceivingLink linkB = new ReceivingLink(b.hostInterface(), Ipv4Address.parse("203.0.113.1"));
        assertThat(boundLinks()).containsExactly(linkA, linkB);

        String replyA = discover(a, 0xa0a0a0a0);
        String replyB = discover(b, 0xb0b0b0b0);

        assertThat(replyA).isEqualTo("reply xid=a0a0a0a0 op=2 type=2 yiaddr=198.51.100.50 source=198.51.100.1"
                + " destination=255.255.255.255 interface=" + a.clientInterface());
        assertThat(replyB).isEqualTo("reply xid=b0b0b0b0 op=2 type=2 yiaddr=203.0.113.50 source=203.0.113.1"
                + " destination=255.255.255.255 interface=" + b.clientInterface());
        assertThat(engine.links()).containsExactly(linkA, linkB);
    }

    @Test
    void anInterfaceWithoutAddressIsServedOnceItGetsOne() throws Exception {
        Link c = networks.add("c");
        serve(List.of(c.hostInterface()), Duration.ofMillis(200));
        CompletableFuture<ReceivingLink> bound = server.channels().get(0).bound();
        TimeUnit.MILLISECONDS.sleep(700);
        assertThat(bound).isNotDone();

        networks.address(c, "198.51.100.1/24");

        assertThat(bound.get(5, TimeUnit.SECONDS))
                .isEqualTo(new ReceivingLink(c.hostInterface(), Ipv4Address.parse("198.51.100.1")));
        assertThat(discover(c, 0xc0c0c0c0)).startsWith("reply xid=c0c0c0c0 op=2 type=2 yiaddr=198.51.100.50");
    }

    private List<ReceivingLink> boundLinks() throws Exception {
        CompletableFuture<?>[] all = server.channels().stream().map(InterfaceChannel::bound)
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(all).get(5, TimeUnit.SECONDS);
        return server.channels().stream().map(channel -> channel.bound().join()).toList();
    }

    private static String clientScript() {
        try {
            return Path.of(NamespaceTest.class.getResource("/dhcp_client.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.HashBuckets;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.wire.Contact;
import io.tandem.failover.wire.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two links, a primary on 127.0.0.2 and a secondary on 127.0.0.3, finding each other in every order (reference §8
 * scenarios 2-4), keeping the link alive with CONTACT, and finding each other again after a restart.
 */
class PairHandshakeTest {

    private static final Duration UP = Duration.ofSeconds(5);
    /** Longer than a reconnect attempt, so that an order of start-up really happens. */
    private static final Duration HEAD_START = Duration.ofMillis(500);
    /** A peer's close arrives as a FIN or, when a CONTACT crossed it, as a reset. */
    private static final List<LinkDownReason> PEER_GONE = List.of(LinkDownReason.PEER_CLOSED,
            LinkDownReason.CONNECTION_ERROR);

    private final Loopback.Ports ports = Loopback.Ports.free();
    private final RecordingListener primaryEvents = new RecordingListener();
    private final RecordingListener secondaryEvents = new RecordingListener();
    private PeerLink primary;
    private PeerLink secondary;

    @AfterEach
    void closeBoth() {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    @Test
    void primaryUpFirst() {
        startPrimary(ports.primarySettings());
        RawPeer.pause(HEAD_START);
        startSecondary();

        assertLinkedBothWays();
    }

    @Test
    void secondaryUpFirst() {
        startSecondary();
        RawPeer.pause(HEAD_START);
        startPrimary(ports.primarySettings());

        assertLinkedBothWays();
    }

    @Test
    void bothAtOnceKeepOneLinkWithoutFlapping() {
        for (int round = 0; round < 3; round++) {
            startPrimary(ports.primarySettings());
            startSecondary();

            assertLinkedBothWays();
            // Any duplicate was settled during the handshake: nothing else happens in the next second.
            assertThat(primaryEvents.during(Duration.ofMillis(800))).allMatch(event -> event.message() != null);
            assertThat(secondaryEvents.during(Duration.ofMillis(200))).allMatch(event -> event.message() != null);

            primary.close();
            secondary.close();
            assertThat(nextDown(primaryEvents)).isEqualTo(LinkDownReason.SHUTDOWN);
            assertThat(nextDown(secondaryEvents)).isIn(LinkDownReason.SHUTDOWN, LinkDownReason.PEER_CLOSED,
                    LinkDownReason.CONNECTION_ERROR);
        }
    }

    /** Scenario 3: the primary sends CONNECT on the connection the secondary opened, and the link runs on it. */
    @Test
    void primarySendsConnectOnTheSecondarysConnection() {
        int nobody = Loopback.freePort(Loopback.SECONDARY);
        startPrimary(Loopback.primary(Loopback.PRIMARY, ports.primary(), Loopback.SECONDARY, nobody,
                Loopback.MAX_RESPONSE_DELAY));
        startSecondary();

        LinkSession primaryLink = primaryEvents.awaitUp(UP);
        LinkSession secondaryLink = secondaryEvents.awaitUp(UP);
        assertThat(primaryLink.direction()).isEqualTo(LinkSession.Direction.INCOMING);
        assertThat(secondaryLink.direction()).isEqualTo(LinkSession.Direction.OUTGOING);
    }

    @Test
    void contactsKeepAnIdleLinkUp() {
        startPrimary(ports.primarySettings());
        startSecondary();
        assertLinkedBothWays();

        // Max-response-delay 3 s on both: CONTACT every second each way, and the link outlives the 3 s.
        Duration watch = Duration.ofMillis(3600);
        List<RecordingListener.Event> atPrimary = primaryEvents.during(watch);
        List<RecordingListener.Event> atSecondary = secondaryEvents.during(Duration.ofMillis(100));

        assertThat(atPrimary).allMatch(event -> event.message() instanceof Contact).hasSizeGreaterThanOrEqualTo(2);
        assertThat(atSecondary).allMatch(event -> event.message() instanceof Contact).hasSizeGreaterThanOrEqualTo(2);
        // One xid counter per link, one step per CONTACT; the primary's CONNECT took 0.
        List<Long> secondaryXids = atPrimary.stream().map(event -> event.message().header().xid()).toList();
        List<Long> primaryXids = atSecondary.stream().map(event -> event.message().header().xid()).toList();
        assertThat(primaryXids.get(0)).isEqualTo(1);
        assertThat(secondaryXids.get(0)).isEqualTo(0);
        assertThat(primaryXids).isSorted().doesNotHaveDuplicates();
        assertThat(secondaryXids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void messagesOfTheLayerAboveGoBothWays() {
        startPrimary(ports.primarySettings());
        startSecondary();
        LinkSession primaryLink = primaryEvents.awaitUp(UP);
        LinkSession secondaryLink = secondaryEvents.awaitUp(UP);

        State fromSecondary = PeerMessages.state(secondaryLink.nextHeader().xid());
        State fromPrimary = PeerMessages.state(primaryLink.nextHeader().xid());
        assertThat(secondaryLink.send(fromSecondary)).isTrue();
        assertThat(primaryLink.send(fromPrimary)).isTrue();

        assertThat(primaryEvents.awaitMessage(UP)).isEqualTo(fromSecondary);
        assertThat(secondaryEvents.awaitMessage(UP)).isEqualTo(fromPrimary);
    }

    @Test
    void peerRestartIsFollowedByANewLink() {
        startPrimary(ports.primarySettings());
        startSecondary();
        LinkSession first = primaryEvents.awaitUp(UP);
        secondaryEvents.awaitUp(UP);

        secondary.close();
        assertThat(secondaryEvents.awaitDown(UP)).isEqualTo(LinkDownReason.SHUTDOWN);
        assertThat(nextDown(primaryEvents)).isIn(PEER_GONE);
        assertThat(first.isOpen()).isFalse();
        assertThat(first.send(new Contact(first.nextHeader()))).isFalse();

        startSecondary();
        LinkSession second = primaryEvents.awaitUp(UP);
        secondaryEvents.awaitUp(UP);
        assertThat(second).isNotSameAs(first);
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void linkClosedByTheLayerAboveComesBack() {
        startPrimary(ports.primarySettings());
        startSecondary();
        LinkSession primaryLink = primaryEvents.awaitUp(UP);
        secondaryEvents.awaitUp(UP);

        primaryLink.close();

        assertThat(nextDown(primaryEvents)).isEqualTo(LinkDownReason.CLOSED_LOCALLY);
        assertThat(nextDown(secondaryEvents)).isIn(PEER_GONE);
        primaryEvents.awaitUp(UP);
        secondaryEvents.awaitUp(UP);
    }

    private void startPrimary(FailoverSettings settings) {
        primary = new PeerLink(settings, Loopback.TIMINGS, primaryEvents);
        primary.start();
    }

    private void startSecondary() {
        secondary = new PeerLink(ports.secondarySettings(), Loopback.TIMINGS, secondaryEvents);
        secondary.start();
    }

    /** Each side sees the other's announcement; the secondary learns the primary's MCLT and HBA. */
    private void assertLinkedBothWays() {
        LinkSession primaryLink = primaryEvents.awaitUp(UP);
        LinkSession secondaryLink = secondaryEvents.awaitUp(UP);

        assertThat(primaryLink.direction()).isNotEqualTo(secondaryLink.direction());
        PeerHello fromPrimary = secondaryLink.peer();
        assertThat(fromPrimary.parameters().relationshipName()).contains(Loopback.NAME);
        assertThat(fromPrimary.parameters().receiveTimer()).contains(Duration.ofSeconds(Loopback.MAX_RESPONSE_DELAY));
        assertThat(fromPrimary.parameters().maxUnackedUpdates()).contains(10L);
        assertThat(fromPrimary.parameters().protocolVersion()).contains(1);
        assertThat(fromPrimary.mclt()).contains(Duration.ofSeconds(3600));
        assertThat(fromPrimary.hashBuckets()).contains(HashBuckets.split(128));
        PeerHello fromSecondary = primaryLink.peer();
        assertThat(fromSecondary.parameters().relationshipName()).contains(Loopback.NAME);
        assertThat(fromSecondary.parameters().vendorClass()).contains(HandshakeMessages.VENDOR_CLASS);
        assertThat(fromSecondary.mclt()).isEqualTo(Optional.empty());
        assertThat(fromSecondary.hashBuckets()).isEqualTo(Optional.empty());
    }

    /** Skips the CONTACTs that may arrive before the link goes down. */
    private static LinkDownReason nextDown(RecordingListener events) {
        while (true) {
            RecordingListener.Event event = events.next(UP);
            if (event.down() != null) {
                return event.down();
            }
            assertThat(event.message()).isInstanceOf(Contact.class);
        }
    }
}

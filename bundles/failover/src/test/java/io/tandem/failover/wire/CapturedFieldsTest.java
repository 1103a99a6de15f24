package io.tandem.failover.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The decoded fields of the frames the reference annotates (failover-protocol.md §9 and the [wire] facts of §1),
 * checked value by value against the lab's facts: relationship fo-lab, MCLT 60, split 128, mrd 30, max-unacked 10.
 */
class CapturedFieldsTest {

    private static final Instant CONNECT_TIME = Instant.ofEpochSecond(0x6b05e98dL);
    private static final String REJECT_16_TEXT = "incoming update is less critical than outgoing update";

    private static final List<Captures.Captured> HANDSHAKE = Captures.messages(Captures.HANDSHAKE);
    private static final List<Captures.Captured> RESTART = Captures.messages(Captures.RESTART);

    /** The messages that began in {@code frame}, in stream order. */
    private static List<FailoverMessage> frame(List<Captures.Captured> capture, int frame) {
        List<FailoverMessage> messages = new ArrayList<>();
        for (Captures.Captured captured : capture) {
            if (captured.frame() == frame) {
                messages.add(decode(captured));
            }
        }
        assertThat(messages).as("messages in frame " + frame).isNotEmpty();
        return messages;
    }

    private static <T extends FailoverMessage> T only(List<Captures.Captured> capture, int frame, Class<T> type) {
        List<FailoverMessage> messages = frame(capture, frame);
        assertThat(messages).hasSize(1);
        return type.cast(messages.get(0));
    }

    private static FailoverMessage decode(Captures.Captured captured) {
        try {
            return FailoverDecoder.decode(captured.bytes());
        } catch (FailoverParseException e) {
            throw new AssertionError(captured + ": " + e.getMessage(), e);
        }
    }

    private static Instant t(long seconds) {
        return Instant.ofEpochSecond(seconds);
    }

    private static ClientIdentifier clientId(int lastOctet) {
        return ClientIdentifier.of(1, new byte[] {2, 0, 0, 0, 0, (byte) lastOctet});
    }

    private static HardwareAddress chaddr(int lastOctet) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0, 0, 0, 0, (byte) lastOctet});
    }

    private static Ipv4Address pool(int lastOctet) {
        return Ipv4Address.parse("192.168.77." + lastOctet);
    }

    @Test
    void connectOfSection91() {
        Connect connect = only(HANDSHAKE, 6, Connect.class);

        assertThat(connect.header()).isEqualTo(new Header(CONNECT_TIME, 0));
        assertThat(connect.peer()).isEqualTo(new PeerParameters(Optional.of("fo-lab"), Optional.of(10L),
                Optional.of(Duration.ofSeconds(30)), Optional.of("isc-4.4.3-P1"), Optional.of(1)));
        assertThat(connect.tlsRequest()).contains(0);
        assertThat(connect.mclt()).contains(Duration.ofSeconds(60));
        HashBucketAssignment hba = connect.hashBucketAssignment().orElseThrow();
        assertThat(hba.isComplete()).isTrue();
        // Split 128: the first 128 buckets are the primary's (ISC: a set bit means the primary serves it).
        assertThat(IntStream.range(0, 256).filter(hba.buckets()::contains)).containsExactlyElementsOf(
                IntStream.range(0, 128).boxed().toList());
    }

    @Test
    void connectAckAndFirstStateShareOneSegment() {
        List<FailoverMessage> frame8 = frame(HANDSHAKE, 8);
        assertThat(frame8).hasSize(2);

        ConnectAck ack = (ConnectAck) frame8.get(0);
        assertThat(ack.header()).isEqualTo(new Header(CONNECT_TIME, 0)); // the CONNECT's xid
        assertThat(ack.peer()).isEqualTo(new PeerParameters(Optional.of("fo-lab"), Optional.of(10L),
                Optional.of(Duration.ofSeconds(30)), Optional.of("isc-4.4.3-P1"), Optional.of(1)));
        assertThat(ack.tlsReply()).contains(0);
        assertThat(ack.rejectReason()).isEmpty();
        assertThat(ack.message()).isEmpty();

        State state = (State) frame8.get(1);
        assertThat(state.header()).isEqualTo(new Header(CONNECT_TIME, 0));
        assertThat(state.serverState()).contains(ServerState.RECOVER);
        assertThat(state.serverFlags()).contains(State.STARTUP);
        assertThat(state.isStartup()).isTrue();
        assertThat(state.startTimeOfState()).contains(CONNECT_TIME);
    }

    @Test
    void eachSideAnnouncesRecoverWithAndWithoutStartupThenRecoverDoneThenNormal() {
        for (boolean primary : new boolean[] {true, false}) {
            List<String> states = HANDSHAKE.stream().filter(captured -> captured.fromPrimary() == primary)
                    .map(CapturedFieldsTest::decode).filter(State.class::isInstance).map(State.class::cast)
                    .map(state -> state.serverState().orElseThrow() + (state.isStartup() ? " startup" : ""))
                    .toList();
            assertThat(states).as(primary ? "primary" : "secondary").containsExactly(
                    "recover(6) startup", "recover(6)", "recover-done(9)", "normal(2)");
        }
    }

    @Test
    void bindingUpdateActiveOfSection94() {
        BindingUpdate update = only(HANDSHAKE, 49, BindingUpdate.class);
        long granted = 0x6b05e9e3L;

        assertThat(update.header()).isEqualTo(new Header(t(granted), 45));
        assertThat(update.binding()).isEqualTo(new Binding(Optional.of(pool(110)), Optional.of(BindingStatus.ACTIVE),
                Optional.of(clientId(1)), Optional.of(chaddr(1)), Optional.of(t(granted + 60)),
                Optional.of(t(granted + 630)), Optional.of(t(granted)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertThat(update.startTimeOfState()).contains(t(granted));
    }

    @Test
    void bindingAckOfSection95EchoesTheXidAndCarriesOnlyTheAddress() {
        BindingAck ack = only(HANDSHAKE, 51, BindingAck.class);

        assertThat(ack.header()).isEqualTo(new Header(t(0x6b05e9e5L), 45));
        assertThat(ack.binding()).isEqualTo(Binding.ofAddress(pool(110)));
        assertThat(ack.rejectReason()).isEmpty();
        assertThat(ack.message()).isEmpty();
        assertThat(FailoverEncoder.encode(ack)).hasSize(20);
    }

    @Test
    void recoverExchangesFreeForEveryLeaseAndThePrimaryRejectsTheSecondarysWith16() {
        List<Captures.Captured> recovery = HANDSHAKE.stream()
                .filter(captured -> captured.frame() >= 11 && captured.frame() <= 15).toList();
        List<BindingUpdate> updates = recovery.stream().map(CapturedFieldsTest::decode)
                .filter(BindingUpdate.class::isInstance).map(BindingUpdate.class::cast).toList();
        assertThat(updates).hasSize(40); // 20 leases, each side
        for (BindingUpdate update : updates) {
            Binding binding = update.binding();
            assertThat(binding.status()).contains(BindingStatus.FREE);
            assertThat(binding.leaseExpirationTime()).contains(Instant.EPOCH);
            assertThat(binding.potentialExpirationTime()).contains(Instant.EPOCH);
            assertThat(update.startTimeOfState()).contains(Instant.EPOCH);
            assertThat(binding.clientIdentifier()).isEmpty();
            assertThat(binding.hardwareAddress()).isEmpty();
            assertThat(update.header().xid()).isNotZero();
        }
        for (Captures.Captured captured : recovery) {
            if (decode(captured) instanceof BindingAck ack) {
                // The primary refuses each of the secondary's FREE updates; the secondary accepts the primary's.
                assertThat(ack.rejectReason()).isEqualTo(captured.fromPrimary()
                        ? Optional.of(RejectReason.LESS_CRITICAL_BINDING_INFORMATION) : Optional.empty());
                assertThat(ack.message()).isEqualTo(captured.fromPrimary()
                        ? Optional.of(REJECT_16_TEXT) : Optional.empty());
                assertThat(captured.bytes()).hasSize(captured.fromPrimary() ? 82 : 20);
            }
        }
    }

    @Test
    void poolBalancingMovesTenNeverUsedLeasesToBackup() {
        List<FailoverMessage> frame18 = frame(HANDSHAKE, 18);
        assertThat(frame18.get(0)).isInstanceOf(State.class);
        List<BindingUpdate> updates = frame18.subList(1, frame18.size()).stream().map(BindingUpdate.class::cast)
                .toList();

        assertThat(updates).hasSize(10);
        Instant now = t(0x6b05e98eL);
        for (int i = 0; i < 10; i++) {
            BindingUpdate update = updates.get(i);
            assertThat(update.header().xid()).isEqualTo(27 + i);
            assertThat(update.binding()).isEqualTo(new Binding(Optional.of(pool(100 + i)),
                    Optional.of(BindingStatus.BACKUP), Optional.empty(), Optional.empty(), Optional.of(Instant.EPOCH),
                    Optional.of(now), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            assertThat(update.startTimeOfState()).contains(now);
        }
    }

    @Test
    void secondaryGrantExpiryByThePrimaryAndAffinityMove() {
        BindingUpdate grant = only(HANDSHAKE, 53, BindingUpdate.class);
        assertThat(grant.binding().address()).contains(pool(109));
        assertThat(grant.binding().status()).contains(BindingStatus.ACTIVE);
        assertThat(grant.binding().clientIdentifier()).contains(clientId(3));

        BindingUpdate expiry = only(HANDSHAKE, 81, BindingUpdate.class);
        assertThat(expiry.binding().status()).contains(BindingStatus.EXPIRED);
        assertThat(expiry.binding().leaseExpirationTime()).isEqualTo(grant.binding().leaseExpirationTime());
        assertThat(expiry.binding().clientLastTransactionTime()).isEmpty();
        assertThat(expiry.startTimeOfState()).isEqualTo(grant.startTimeOfState());

        BindingUpdate affinity = only(HANDSHAKE, 85, BindingUpdate.class);
        assertThat(affinity.binding().address()).contains(pool(109));
        assertThat(affinity.binding().status()).contains(BindingStatus.BACKUP);
        assertThat(affinity.binding().clientIdentifier()).contains(clientId(3));
        assertThat(affinity.binding().hardwareAddress()).contains(chaddr(3));
    }

    @Test
    void primaryExpiresItsOwnGrantAtItsEnd() {
        BindingUpdate expiry = only(HANDSHAKE, 77, BindingUpdate.class);
        BindingUpdate grant = only(HANDSHAKE, 49, BindingUpdate.class);

        assertThat(expiry.binding().status()).contains(BindingStatus.EXPIRED);
        assertThat(expiry.binding().clientIdentifier()).contains(clientId(1));
        assertThat(expiry.startTimeOfState()).isEqualTo(grant.startTimeOfState());
        assertThat(expiry.header().time()).isEqualTo(grant.binding().leaseExpirationTime().orElseThrow());
    }

    @Test
    void releaseSentByBothServersAtOnce() {
        BindingUpdate fromSecondary = only(HANDSHAKE, 91, BindingUpdate.class);
        BindingUpdate fromPrimary = only(HANDSHAKE, 92, BindingUpdate.class);
        BindingAck rejection = only(HANDSHAKE, 95, BindingAck.class);
        BindingUpdate affinity = only(HANDSHAKE, 98, BindingUpdate.class);

        for (BindingUpdate release : List.of(fromSecondary, fromPrimary)) {
            assertThat(release.binding().address()).contains(pool(107));
            assertThat(release.binding().status()).contains(BindingStatus.RELEASED);
            assertThat(release.binding().clientIdentifier()).contains(clientId(5));
        }
        // Only the secondary's carries the client's last transaction time.
        assertThat(fromSecondary.binding().clientLastTransactionTime()).isPresent();
        assertThat(fromPrimary.binding().clientLastTransactionTime()).isEmpty();

        assertThat(rejection.header().xid()).isEqualTo(fromSecondary.header().xid());
        assertThat(rejection.binding()).isEqualTo(Binding.ofAddress(pool(107)));
        assertThat(rejection.rejectReason()).contains(RejectReason.LESS_CRITICAL_BINDING_INFORMATION);
        assertThat(rejection.message()).contains(REJECT_16_TEXT);
        assertThat(FailoverEncoder.encode(rejection)).hasSize(82);

        assertThat(affinity.binding().status()).contains(BindingStatus.BACKUP);
        assertThat(affinity.binding().clientIdentifier()).contains(clientId(5));
    }

    @Test
    void repliesCopyTheRequestXidAndBindingUpdatesNeverUseXidZero() {
        for (List<Captures.Captured> capture : List.of(HANDSHAKE, RESTART)) {
            List<Long> updateXids = new ArrayList<>();
            List<Long> ackXids = new ArrayList<>();
            for (Captures.Captured captured : capture) {
                FailoverMessage message = decode(captured);
                if (message instanceof BindingUpdate) {
                    updateXids.add(message.header().xid());
                } else if (message instanceof BindingAck) {
                    ackXids.add(message.header().xid());
                }
            }
            assertThat(updateXids).doesNotContain(0L);
            // Every update was acknowledged, each acknowledgement with its update's xid.
            assertThat(ackXids).containsExactlyInAnyOrderElementsOf(updateXids);
        }
    }

    @Test
    void eachSideSendsUpdateRequestAllTwiceAndAnswersTheOthersLastOneWithUpdateDone() {
        assertThat(xidsOf(UpdateRequestAll.class, true)).containsExactly(3L, 4L);
        assertThat(xidsOf(UpdateRequestAll.class, false)).containsExactly(2L, 3L);
        assertThat(xidsOf(UpdateDone.class, true)).containsExactly(3L);
        assertThat(xidsOf(UpdateDone.class, false)).containsExactly(4L);
    }

    private static List<Long> xidsOf(Class<? extends FailoverMessage> type, boolean fromPrimary) {
        return HANDSHAKE.stream().filter(captured -> captured.fromPrimary() == fromPrimary)
                .map(CapturedFieldsTest::decode).filter(type::isInstance).map(message -> message.header().xid())
                .toList();
    }

    @Test
    void restartedPrimarySendsConnectOnBothConnectionsAndOnlyOneIsAnswered() {
        List<Captures.Captured> connects = RESTART.stream()
                .filter(captured -> captured.typeCode() == MessageType.CONNECT.code()).toList();
        assertThat(connects).extracting(Captures.Captured::frame).containsExactly(9, 11);
        assertThat(connects).extracting(Captures.Captured::direction).containsExactly(
                "192.168.77.1:647 -> 192.168.77.2:41989", "192.168.77.1:33073 -> 192.168.77.2:647");
        for (Captures.Captured captured : connects) {
            assertThat(captured.bytes()).isEqualTo(connects.get(0).bytes());
            assertThat(decode(captured).header().xid()).isZero();
        }

        List<FailoverMessage> frame13 = frame(RESTART, 13);
        assertThat(frame13.get(0)).isInstanceOf(ConnectAck.class);
        State state = (State) frame13.get(1);
        assertThat(state.serverState()).contains(ServerState.NORMAL); // the saved state, announced in STARTUP
        assertThat(state.isStartup()).isTrue();
    }

    @Test
    void restartResendsAnUnacknowledgedBackupLeaseWithItsLastClient() {
        List<FailoverMessage> frame19 = frame(RESTART, 19);
        BindingUpdate first = (BindingUpdate) frame19.get(2);
        Instant now = t(0x6b05ea80L);

        assertThat(first.header()).isEqualTo(new Header(now, 3));
        assertThat(first.binding()).isEqualTo(new Binding(Optional.of(pool(104)), Optional.of(BindingStatus.BACKUP),
                Optional.of(clientId(3)), Optional.of(chaddr(3)), Optional.of(t(0x6b05debaL)), Optional.of(now),
                Optional.of(t(0x6b05dc62L)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertThat(first.startTimeOfState()).contains(now);
    }
}

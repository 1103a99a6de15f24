package io.tandem.failover.wire;

import static io.tandem.failover.wire.OptionCode.ADDRESSES_TRANSFERRED;
import static io.tandem.failover.wire.OptionCode.ASSIGNED_IP_ADDRESS;
import static io.tandem.failover.wire.OptionCode.BINDING_STATUS;
import static io.tandem.failover.wire.OptionCode.CLIENT_HARDWARE_ADDRESS;
import static io.tandem.failover.wire.OptionCode.CLIENT_IDENTIFIER;
import static io.tandem.failover.wire.OptionCode.CLIENT_LAST_TRANSACTION_TIME;
import static io.tandem.failover.wire.OptionCode.CLIENT_REPLY_OPTIONS;
import static io.tandem.failover.wire.OptionCode.CLIENT_REQUEST_OPTIONS;
import static io.tandem.failover.wire.OptionCode.DDNS;
import static io.tandem.failover.wire.OptionCode.HASH_BUCKET_ASSIGNMENT;
import static io.tandem.failover.wire.OptionCode.IP_FLAGS;
import static io.tandem.failover.wire.OptionCode.LEASE_EXPIRATION_TIME;
import static io.tandem.failover.wire.OptionCode.MAX_UNACKED_BNDUPD;
import static io.tandem.failover.wire.OptionCode.MCLT;
import static io.tandem.failover.wire.OptionCode.MESSAGE;
import static io.tandem.failover.wire.OptionCode.POTENTIAL_EXPIRATION_TIME;
import static io.tandem.failover.wire.OptionCode.PROTOCOL_VERSION;
import static io.tandem.failover.wire.OptionCode.RECEIVE_TIMER;
import static io.tandem.failover.wire.OptionCode.REJECT_REASON;
import static io.tandem.failover.wire.OptionCode.RELATIONSHIP_NAME;
import static io.tandem.failover.wire.OptionCode.SERVER_FLAGS;
import static io.tandem.failover.wire.OptionCode.SERVER_STATE;
import static io.tandem.failover.wire.OptionCode.START_TIME_OF_STATE;
import static io.tandem.failover.wire.OptionCode.TLS_REPLY;
import static io.tandem.failover.wire.OptionCode.TLS_REQUEST;
import static io.tandem.failover.wire.OptionCode.VENDOR_CLASS_IDENTIFIER;

import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.HardwareAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes one failover message as ISC does (reference §1.2, §1.6): payload offset 12, and the options of each type
 * in ISC's order, so a message decoded from ISC re-encodes to the same bytes. Options ISC never sends (DDNS,
 * client request/reply options) follow the ones it does.
 */
public final class FailoverEncoder {

    private FailoverEncoder() {
    }

    /**
     * The wire form of {@code message}.
     *
     * @throws IllegalArgumentException if it would be longer than the 2048 bytes ISC accepts
     */
    public static byte[] encode(FailoverMessage message) {
        OptionWriter writer = new OptionWriter();
        // Java 17 has no pattern switch; the sealed interface keeps this list complete by review, the tests by type.
        if (message instanceof Connect connect) {
            writePeer(writer, connect.peer());
            writer.u8(TLS_REQUEST, connect.tlsRequest());
            writer.seconds(MCLT, connect.mclt());
            writer.bytes(HASH_BUCKET_ASSIGNMENT, connect.hashBucketAssignment().map(HashBucketAssignment::toBytes));
        } else if (message instanceof ConnectAck ack) {
            writePeer(writer, ack.peer());
            writer.u8(TLS_REPLY, ack.tlsReply());
            writer.u8(REJECT_REASON, ack.rejectReason().map(RejectReason::code));
            writer.text(MESSAGE, ack.message());
        } else if (message instanceof State state) {
            writer.u8(SERVER_STATE, state.serverState().map(ServerState::code));
            writer.u8(SERVER_FLAGS, state.serverFlags());
            writer.time(START_TIME_OF_STATE, state.startTimeOfState());
        } else if (message instanceof Disconnect disconnect) {
            writer.u8(REJECT_REASON, disconnect.rejectReason().map(RejectReason::code));
            writer.text(MESSAGE, disconnect.message());
        } else if (message instanceof BindingUpdate update) {
            writeBinding(writer, update.binding(), update.startTimeOfState());
        } else if (message instanceof BindingAck ack) {
            writeBinding(writer, ack.binding(), Optional.empty());
            writer.u8(REJECT_REASON, ack.rejectReason().map(RejectReason::code));
            writer.text(MESSAGE, ack.message());
        } else if (message instanceof PoolResponse response) {
            writer.u32(ADDRESSES_TRANSFERRED, response.addressesTransferred());
        }
        // POOLREQ, UPDREQ, UPDREQALL, UPDDONE and CONTACT carry no options.
        return writer.finish(message.type(), message.header());
    }

    private static void writePeer(OptionWriter writer, PeerParameters peer) {
        writer.text(RELATIONSHIP_NAME, peer.relationshipName());
        writer.u32(MAX_UNACKED_BNDUPD, peer.maxUnackedUpdates());
        writer.seconds(RECEIVE_TIMER, peer.receiveTimer());
        writer.text(VENDOR_CLASS_IDENTIFIER, peer.vendorClass());
        writer.u8(PROTOCOL_VERSION, peer.protocolVersion());
    }

    /** ISC's BNDUPD order: 2, 3, 4, 5, 13, 18, 25 (start time of state, BNDUPD only), 6, 12. */
    private static void writeBinding(OptionWriter writer, Binding binding, Optional<Instant> startTimeOfState) {
        writer.address(ASSIGNED_IP_ADDRESS, binding.address());
        writer.u8(BINDING_STATUS, binding.status().map(BindingStatus::code));
        writer.bytes(CLIENT_IDENTIFIER, binding.clientIdentifier().map(ClientIdentifier::toBytes));
        writer.bytes(CLIENT_HARDWARE_ADDRESS, binding.hardwareAddress().map(FailoverEncoder::hardwareAddress));
        writer.time(LEASE_EXPIRATION_TIME, binding.leaseExpirationTime());
        writer.time(POTENTIAL_EXPIRATION_TIME, binding.potentialExpirationTime());
        writer.time(START_TIME_OF_STATE, startTimeOfState);
        writer.time(CLIENT_LAST_TRANSACTION_TIME, binding.clientLastTransactionTime());
        writer.u16(IP_FLAGS, binding.ipFlags().map(IpFlags::bits));
        writer.bytes(DDNS, binding.ddns().map(FailoverEncoder::ddns));
        writer.bytes(CLIENT_REQUEST_OPTIONS, binding.clientRequestOptions().map(DhcpOptionBytes::toBytes));
        writer.bytes(CLIENT_REPLY_OPTIONS, binding.clientReplyOptions().map(DhcpOptionBytes::toBytes));
    }

    private static byte[] hardwareAddress(HardwareAddress address) {
        byte[] value = new byte[1 + address.length()];
        value[0] = (byte) address.type();
        address.copyTo(value, 1);
        return value;
    }

    private static byte[] ddns(DdnsInfo ddns) {
        byte[] name = ddns.name().getBytes(WireValues.TEXT);
        byte[] value = new byte[2 + name.length];
        BigEndian.putU16(value, 0, ddns.flags());
        System.arraycopy(name, 0, value, 2, name.length);
        return value;
    }
}

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
import java.util.Arrays;

/** Builds the typed message of each type from the options the decoder accepted. */
final class MessageAssembler {

    private MessageAssembler() {
    }

    static FailoverMessage assemble(MessageType type, Header header, ReceivedOptions options) {
        return switch (type) {
            case POOLREQ -> new PoolRequest(header);
            case POOLRESP -> new PoolResponse(header, options.u32(ADDRESSES_TRANSFERRED));
            case BNDUPD -> new BindingUpdate(header, binding(options), options.time(START_TIME_OF_STATE));
            case BNDACK -> new BindingAck(header, binding(options), options.u8(REJECT_REASON).map(RejectReason::new),
                    options.text(MESSAGE));
            case CONNECT -> new Connect(header, peer(options), options.u8(TLS_REQUEST), options.seconds(MCLT),
                    options.bytes(HASH_BUCKET_ASSIGNMENT).map(HashBucketAssignment::of));
            case CONNECTACK -> new ConnectAck(header, peer(options), options.u8(TLS_REPLY),
                    options.u8(REJECT_REASON).map(RejectReason::new), options.text(MESSAGE));
            case UPDREQALL -> new UpdateRequestAll(header);
            case UPDDONE -> new UpdateDone(header);
            case UPDREQ -> new UpdateRequest(header);
            case STATE -> new State(header, options.u8(SERVER_STATE).map(ServerState::new), options.u8(SERVER_FLAGS),
                    options.time(START_TIME_OF_STATE));
            case CONTACT -> new Contact(header);
            case DISCONNECT -> new Disconnect(header, options.u8(REJECT_REASON).map(RejectReason::new),
                    options.text(MESSAGE));
        };
    }

    private static PeerParameters peer(ReceivedOptions options) {
        return new PeerParameters(options.text(RELATIONSHIP_NAME), options.u32(MAX_UNACKED_BNDUPD),
                options.seconds(RECEIVE_TIMER), options.text(VENDOR_CLASS_IDENTIFIER), options.u8(PROTOCOL_VERSION));
    }

    private static Binding binding(ReceivedOptions options) {
        return new Binding(options.address(ASSIGNED_IP_ADDRESS), options.u8(BINDING_STATUS).map(BindingStatus::new),
                options.bytes(CLIENT_IDENTIFIER).map(ClientIdentifier::fromBytes),
                options.bytes(CLIENT_HARDWARE_ADDRESS).map(MessageAssembler::hardwareAddress),
                options.time(LEASE_EXPIRATION_TIME), options.time(POTENTIAL_EXPIRATION_TIME),
                options.time(CLIENT_LAST_TRANSACTION_TIME), options.u16(IP_FLAGS).map(IpFlags::new),
                options.bytes(DDNS).map(MessageAssembler::ddns),
                options.bytes(CLIENT_REQUEST_OPTIONS).map(DhcpOptionBytes::of),
                options.bytes(CLIENT_REPLY_OPTIONS).map(DhcpOptionBytes::of));
    }

    /** Hardware type byte, then chaddr (1-17 bytes, checked by the decoder). */
    private static HardwareAddress hardwareAddress(byte[] value) {
        return HardwareAddress.of(value[0] & 0xff, Arrays.copyOfRange(value, 1, value.length));
    }

    /** Two flag bytes, then the name (at least 2 bytes, checked by the decoder). */
    private static DdnsInfo ddns(byte[] value) {
        return new DdnsInfo(BigEndian.u16(value, 0), new String(value, 2, value.length - 2, WireValues.TEXT));
    }
}

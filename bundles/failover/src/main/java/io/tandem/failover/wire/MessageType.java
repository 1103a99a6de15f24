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

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The failover message types ISC dhcpd 4.4 uses (reference §1.4), with the options ISC reads from each (§1.5,
 * column "ISC parses in"); any other option in that message is skipped on receipt, as ISC does.
 */
public enum MessageType {
    POOLREQ(1),
    POOLRESP(2, ADDRESSES_TRANSFERRED),
    BNDUPD(3, ASSIGNED_IP_ADDRESS, BINDING_STATUS, CLIENT_IDENTIFIER, CLIENT_HARDWARE_ADDRESS,
            CLIENT_LAST_TRANSACTION_TIME, CLIENT_REPLY_OPTIONS, CLIENT_REQUEST_OPTIONS, DDNS, IP_FLAGS,
            LEASE_EXPIRATION_TIME, POTENTIAL_EXPIRATION_TIME, START_TIME_OF_STATE),
    BNDACK(4, ASSIGNED_IP_ADDRESS, BINDING_STATUS, CLIENT_IDENTIFIER, CLIENT_HARDWARE_ADDRESS,
            CLIENT_LAST_TRANSACTION_TIME, CLIENT_REPLY_OPTIONS, CLIENT_REQUEST_OPTIONS, DDNS, IP_FLAGS,
            LEASE_EXPIRATION_TIME, POTENTIAL_EXPIRATION_TIME, MESSAGE, REJECT_REASON),
    CONNECT(5, RELATIONSHIP_NAME, MAX_UNACKED_BNDUPD, RECEIVE_TIMER, VENDOR_CLASS_IDENTIFIER, PROTOCOL_VERSION,
            TLS_REQUEST, MCLT, HASH_BUCKET_ASSIGNMENT),
    CONNECTACK(6, RELATIONSHIP_NAME, MAX_UNACKED_BNDUPD, RECEIVE_TIMER, VENDOR_CLASS_IDENTIFIER, PROTOCOL_VERSION,
            TLS_REPLY, REJECT_REASON, MESSAGE),
    UPDREQALL(7),
    UPDDONE(8),
    UPDREQ(9),
    STATE(10, SERVER_STATE, SERVER_FLAGS, START_TIME_OF_STATE),
    CONTACT(11),
    DISCONNECT(12, REJECT_REASON, MESSAGE);

    private final int code;
    private final Set<OptionCode> parsedOptions;

    MessageType(int code, OptionCode... parsedOptions) {
        this.code = code;
        this.parsedOptions = parsedOptions.length == 0 ? EnumSet.noneOf(OptionCode.class)
                : EnumSet.of(parsedOptions[0], parsedOptions);
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** The type with wire code {@code code}; empty for anything else (ISC drops the connection then). */
    public static Optional<MessageType> fromCode(int code) {
        MessageType[] types = values();
        // The codes are 1-12 in declaration order.
        return code >= 1 && code <= types.length ? Optional.of(types[code - 1]) : Optional.empty();
    }

    /** True if ISC reads {@code option} from a message of this type; other options are skipped on receipt. */
    boolean parses(OptionCode option) {
        return parsedOptions.contains(option);
    }
}

package io.tandem.failover.wire;

import java.util.Optional;

/**
 * The failover options ISC dhcpd sends or reads (reference §1.5, draft-12 numbering), with the value lengths the
 * decoder accepts. Codes 10 (delayed-service) and 29 (vendor-specific-options) are absent on purpose: ISC never
 * reads them, so they are skipped like any unknown code.
 */
enum OptionCode {
    ADDRESSES_TRANSFERRED(1, "addresses-transferred", 4, 4),
    ASSIGNED_IP_ADDRESS(2, "assigned-IP-address", 4, 4),
    BINDING_STATUS(3, "binding-status", 1, 1),
    /** The whole DHCP option 61 value: a type byte and at least one byte (what {@code ClientIdentifier} holds). */
    CLIENT_IDENTIFIER(4, "client-identifier", 2, OptionCode.ANY),
    /** The hardware type byte followed by chaddr, which holds at most 16 bytes. */
    CLIENT_HARDWARE_ADDRESS(5, "client-hardware-address", 1, 17),
    CLIENT_LAST_TRANSACTION_TIME(6, "client-last-transaction-time", 4, 4),
    CLIENT_REPLY_OPTIONS(7, "client-reply-options", 0, OptionCode.ANY),
    CLIENT_REQUEST_OPTIONS(8, "client-request-options", 0, OptionCode.ANY),
    /** Two bytes of flags, then the name. */
    DDNS(9, "DDNS", 2, OptionCode.ANY),
    /** Any length: ISC refuses a CONNECT whose HBA is not 32 bytes with reject reason 18, which is a reply. */
    HASH_BUCKET_ASSIGNMENT(11, "hash-bucket-assignment", 0, OptionCode.ANY),
    IP_FLAGS(12, "IP-flags", 2, 2),
    LEASE_EXPIRATION_TIME(13, "lease-expiration-time", 4, 4),
    MAX_UNACKED_BNDUPD(14, "max-unacked-bndupd", 4, 4),
    MCLT(15, "MCLT", 4, 4),
    MESSAGE(16, "message", 0, OptionCode.ANY),
    /** Never sent by ISC; accepted only as the last option and then ignored. */
    MESSAGE_DIGEST(17, "message-digest", 0, OptionCode.ANY),
    POTENTIAL_EXPIRATION_TIME(18, "potential-expiration-time", 4, 4),
    RECEIVE_TIMER(19, "receive-timer", 4, 4),
    PROTOCOL_VERSION(20, "protocol-version", 1, 1),
    REJECT_REASON(21, "reject-reason", 1, 1),
    RELATIONSHIP_NAME(22, "relationship-name", 0, OptionCode.ANY),
    SERVER_FLAGS(23, "server-flags", 1, 1),
    SERVER_STATE(24, "server-state", 1, 1),
    START_TIME_OF_STATE(25, "start-time-of-state", 4, 4),
    TLS_REPLY(26, "TLS-reply", 1, 1),
    TLS_REQUEST(27, "TLS-request", 1, 1),
    VENDOR_CLASS_IDENTIFIER(28, "vendor-class-identifier", 0, OptionCode.ANY);

    /** No limit beyond the 16-bit length field (the message size limit is checked first). */
    private static final int ANY = 0xffff;
    private static final OptionCode[] BY_CODE = new OptionCode[30];

    static {
        for (OptionCode option : values()) {
            BY_CODE[option.code] = option;
        }
    }

    private final int code;
    private final String wireName;
    private final int minLength;
    private final int maxLength;

    OptionCode(int code, String wireName, int minLength, int maxLength) {
        this.code = code;
        this.wireName = wireName;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    int code() {
        return code;
    }

    /** The option with this code, or empty for a code ISC does not read. */
    static Optional<OptionCode> fromCode(int code) {
        return code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }

    /** Why a value of {@code length} bytes is not acceptable, or empty if it is. */
    Optional<String> lengthProblem(int length) {
        if (length >= minLength && length <= maxLength) {
            return Optional.empty();
        }
        String rule = minLength == maxLength ? "must be " + minLength
                : maxLength == ANY ? "must be at least " + minLength
                : "must be " + minLength + "-" + maxLength;
        return Optional.of(this + " has length " + length + ", " + rule);
    }

    /** {@code option 15 (MCLT)}: the code as it appears on the wire and the draft's name. */
    @Override
    public String toString() {
        return "option " + code + " (" + wireName + ")";
    }
}

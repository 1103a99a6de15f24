package io.tandem.failover.wire;

import java.util.Map;

/**
 * Why a BNDUPD, CONNECT or the link was refused, as option 21 carries it (reference §1.7). A value, not an enum:
 * a rejection with a code this list lacks is still a rejection.
 *
 * @param code the wire code, 0-255
 */
public record RejectReason(int code) {

    public static final RejectReason ILLEGAL_IP_ADDRESS = new RejectReason(1);
    public static final RejectReason FATAL_CONFLICT = new RejectReason(2);
    public static final RejectReason MISSING_BINDING_INFORMATION = new RejectReason(3);
    public static final RejectReason TIME_MISMATCH_TOO_GREAT = new RejectReason(4);
    public static final RejectReason INVALID_MCLT = new RejectReason(5);
    public static final RejectReason UNKNOWN_REASON = new RejectReason(6);
    public static final RejectReason DUPLICATE_CONNECTION = new RejectReason(7);
    public static final RejectReason INVALID_PARTNER = new RejectReason(8);
    public static final RejectReason TLS_NOT_SUPPORTED = new RejectReason(9);
    public static final RejectReason TLS_NOT_CONFIGURED = new RejectReason(10);
    public static final RejectReason TLS_REQUIRED = new RejectReason(11);
    public static final RejectReason DIGEST_NOT_SUPPORTED = new RejectReason(12);
    public static final RejectReason DIGEST_NOT_CONFIGURED = new RejectReason(13);
    public static final RejectReason PROTOCOL_VERSION_MISMATCH = new RejectReason(14);
    public static final RejectReason OUTDATED_BINDING_INFORMATION = new RejectReason(15);
    public static final RejectReason LESS_CRITICAL_BINDING_INFORMATION = new RejectReason(16);
    public static final RejectReason NO_TRAFFIC = new RejectReason(17);
    public static final RejectReason HASH_BUCKET_ASSIGNMENT_CONFLICT = new RejectReason(18);
    public static final RejectReason IP_NOT_RESERVED = new RejectReason(19);
    public static final RejectReason DIGEST_MISMATCH = new RejectReason(20);
    public static final RejectReason MISSING_DIGEST = new RejectReason(21);
    public static final RejectReason UNKNOWN = new RejectReason(254);

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "illegal IP address"),
            Map.entry(2, "fatal conflict"), Map.entry(3, "missing binding information"),
            Map.entry(4, "time mismatch too great"), Map.entry(5, "invalid MCLT"), Map.entry(6, "unknown reason"),
            Map.entry(7, "duplicate connection"), Map.entry(8, "invalid failover partner"),
            Map.entry(9, "TLS not supported"), Map.entry(10, "TLS supported but not configured"),
            Map.entry(11, "TLS required but not supported by partner"),
            Map.entry(12, "message digest not supported"), Map.entry(13, "message digest not configured"),
            Map.entry(14, "protocol version mismatch"), Map.entry(15, "outdated binding information"),
            Map.entry(16, "less critical binding information"), Map.entry(17, "no traffic within sufficient time"),
            Map.entry(18, "hash bucket assignment conflict"), Map.entry(19, "IP not reserved on this server"),
            Map.entry(20, "message digest failed to compare"), Map.entry(21, "missing message digest"),
            Map.entry(254, "unknown"));

    public RejectReason {
        WireValues.requireU8(code, "reject reason");
    }

    /** {@code duplicate connection(7)}, or {@code undefined(99)}. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(code, "undefined") + "(" + code + ")";
    }
}

package io.tandem.failover.wire;

import java.util.Map;

/**
 * A lease's binding state as option 3 carries it (reference §3.1). A value, not an enum, so that an undefined code
 * reaches the protocol layer, which answers it with a BNDACK reject instead of losing the link.
 *
 * @param code the wire code, 0-255
 */
public record BindingStatus(int code) {

    public static final BindingStatus FREE = new BindingStatus(1);
    public static final BindingStatus ACTIVE = new BindingStatus(2);
    public static final BindingStatus EXPIRED = new BindingStatus(3);
    public static final BindingStatus RELEASED = new BindingStatus(4);
    public static final BindingStatus ABANDONED = new BindingStatus(5);
    public static final BindingStatus RESET = new BindingStatus(6);
    public static final BindingStatus BACKUP = new BindingStatus(7);

    // ISC's lease-file keywords.
    private static final Map<Integer, String> NAMES = Map.of(1, "free", 2, "active", 3, "expired", 4, "released",
            5, "abandoned", 6, "reset", 7, "backup");

    public BindingStatus {
        WireValues.requireU8(code, "binding status");
    }

    /** True for the codes listed above. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** {@code active(2)}, or {@code undefined(9)}. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(code, "undefined") + "(" + code + ")";
    }
}

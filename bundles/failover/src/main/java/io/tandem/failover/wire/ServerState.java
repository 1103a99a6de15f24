package io.tandem.failover.wire;

import java.util.Map;

/**
 * A failover endpoint state as option 24 carries it (reference §2.1). A value, not an enum, so that a code outside
 * the known set reaches the protocol layer, which must react to it as ISC does (it goes to SHUTDOWN).
 *
 * @param code the wire code, 0-255
 */
public record ServerState(int code) {

    public static final ServerState UNKNOWN_STATE = new ServerState(0);
    public static final ServerState STARTUP = new ServerState(1);
    public static final ServerState NORMAL = new ServerState(2);
    public static final ServerState COMMUNICATIONS_INTERRUPTED = new ServerState(3);
    public static final ServerState PARTNER_DOWN = new ServerState(4);
    public static final ServerState POTENTIAL_CONFLICT = new ServerState(5);
    public static final ServerState RECOVER = new ServerState(6);
    public static final ServerState PAUSED = new ServerState(7);
    public static final ServerState SHUTDOWN = new ServerState(8);
    public static final ServerState RECOVER_DONE = new ServerState(9);
    public static final ServerState RESOLUTION_INTERRUPTED = new ServerState(10);
    public static final ServerState CONFLICT_DONE = new ServerState(11);
    /** Not in the draft's table; ISC uses 254 on the wire. */
    public static final ServerState RECOVER_WAIT = new ServerState(254);

    // ISC's lease-file keywords, which are also what its logs print.
    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0, "unknown-state"),
            Map.entry(1, "startup"), Map.entry(2, "normal"), Map.entry(3, "communications-interrupted"),
            Map.entry(4, "partner-down"), Map.entry(5, "potential-conflict"), Map.entry(6, "recover"),
            Map.entry(7, "paused"), Map.entry(8, "shutdown"), Map.entry(9, "recover-done"),
            Map.entry(10, "resolution-interrupted"), Map.entry(11, "conflict-done"), Map.entry(254, "recover-wait"));

    public ServerState {
        WireValues.requireU8(code, "server state");
    }

    /** True for the codes listed above. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** {@code normal(2)}, or {@code undefined(77)}. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(code, "undefined") + "(" + code + ")";
    }
}

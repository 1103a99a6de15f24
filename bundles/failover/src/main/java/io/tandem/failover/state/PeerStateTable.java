package io.tandem.failover.state;

import static io.tandem.failover.state.Step.SEND_QUEUED_UPDATES;
import static io.tandem.failover.state.Step.SEND_UPDREQ;
import static io.tandem.failover.state.Step.SEND_UPDREQALL;
import static io.tandem.failover.state.Step.SHUTDOWN_FATAL;

import io.tandem.api.FailoverState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reference's §2.3 table as data: what this server does when the peer announces a state, by this server's state
 * (its saved state while in STARTUP). Rows and columns are in the reference's order so the two can be read side by
 * side. Entry and exit actions (§2.4) are not here; the machine adds them to every change of state.
 */
final class PeerStateTable {

    private static final FailoverState NORMAL = FailoverState.NORMAL;
    private static final FailoverState COMM_INT = FailoverState.COMMUNICATIONS_INTERRUPTED;
    private static final FailoverState PARTNER_DOWN = FailoverState.PARTNER_DOWN;
    private static final FailoverState POT_CONFLICT = FailoverState.POTENTIAL_CONFLICT;
    private static final FailoverState RES_INT = FailoverState.RESOLUTION_INTERRUPTED;
    private static final FailoverState CONFLICT_DONE = FailoverState.CONFLICT_DONE;
    private static final FailoverState RECOVER = FailoverState.RECOVER;
    private static final FailoverState RECOVER_WAIT = FailoverState.RECOVER_WAIT;
    private static final FailoverState RECOVER_DONE = FailoverState.RECOVER_DONE;
    private static final FailoverState PAUSED = FailoverState.PAUSED;
    private static final FailoverState SHUTDOWN = FailoverState.SHUTDOWN;

    /** The peer states with a column. Any other announced code (unknown-state, startup, undefined) means SHUTDOWN. */
    private static final List<FailoverState> COLUMNS = List.of(NORMAL, COMM_INT, PARTNER_DOWN, POT_CONFLICT, RES_INT,
            CONFLICT_DONE, RECOVER, RECOVER_WAIT, RECOVER_DONE, PAUSED, SHUTDOWN);

    /** The states in which a STATE repeating the peer's previous state is still acted on. */
    private static final Set<FailoverState> ACTS_ON_REPEATS = EnumSet.of(PARTNER_DOWN, COMM_INT, RES_INT, RECOVER,
            CONFLICT_DONE, FailoverState.STARTUP);

    // The cells: "__" is the reference's "-" (no change); NO, CI, PD, PC, RC, SD go to NORMAL,
    // COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN, POTENTIAL-CONFLICT, RECOVER, SHUTDOWN.
    private static final Cell __ = new Cell(null, List.of(), Condition.ALWAYS);
    private static final Cell NO = to(NORMAL);
    private static final Cell CI = to(COMM_INT);
    private static final Cell PD = to(PARTNER_DOWN);
    private static final Cell PC = to(POT_CONFLICT);
    private static final Cell RC = to(RECOVER);
    private static final Cell SD = to(SHUTDOWN);
    /** ISC calls these transitions illegal (NORMAL) or panics (POTENTIAL-CONFLICT): the peer cannot be there. */
    private static final Cell ILLEGAL = to(SHUTDOWN);
    private static final Cell FATAL = new Cell(null, List.of(SHUTDOWN_FATAL), Condition.ALWAYS);
    /** NORMAL seeing NORMAL: a pool check, no change of state. */
    private static final Cell POOLS = new Cell(null, List.of(Step.BALANCE_POOLS), Condition.ALWAYS);
    private static final Cell UPD_NO = new Cell(NORMAL, List.of(SEND_QUEUED_UPDATES), Condition.ALWAYS);
    /** A server that restarts into NORMAL and finds the peer in PARTNER-DOWN has missed bindings: it recovers. */
    private static final Cell PC_OR_RC = new Cell(POT_CONFLICT, List.of(), Condition.RECOVER_IF_STARTING);
    private static final Cell UPDREQALL = new Cell(null, List.of(SEND_UPDREQALL), Condition.STEPS_UNLESS_STARTING);
    private static final Cell UPDREQ = new Cell(null, List.of(SEND_UPDREQ),
            Condition.STEPS_IF_PEER_WAS_POTENTIAL_CONFLICT);

    private static final Map<FailoverState, List<Cell>> ROWS = new EnumMap<>(FailoverState.class);

    // The reference's RECOVER-DONE x RECOVER-DONE is "NORMAL (logged as odd)": ISC goes to NORMAL all the same.
    // CONFLICT-DONE x COMM-INT is fatal for ISC (it exits); here it waits: a secondary that went NORMAL on our
    // UPDDONE and lost the link before we heard it says COMM-INT, then, on our CONFLICT-DONE, resolves again.
    static {
        // my state \ peer says     NORMAL      COMM-INT    PARTNER-DOWN   POT-CONFLICT   RES-INT     CONFLICT-DONE   RECOVER     RECOVER-WAIT   RECOVER-DONE   PAUSED      SHUTDOWN
        row(NORMAL,                 POOLS,      __,         PC_OR_RC,      ILLEGAL,       ILLEGAL,    ILLEGAL,        PD,         __,            __,            CI,         PD);
        row(COMM_INT,               UPD_NO,     UPD_NO,     PC,            PC,            PC,         PC,             PD,         UPD_NO,        UPD_NO,        __,         PD);
        row(PARTNER_DOWN,           PC,         PC,         PC,            PC,            PC,         PC,             __,         __,            NO,            __,         __);
        row(RECOVER,                PC,         UPDREQALL,  UPDREQALL,     PC,            PC,         PC,             UPDREQALL,  __,            __,            __,         PD);
        row(RECOVER_WAIT,           __,         __,         __,            __,            __,         __,             __,         __,            __,            __,         __);
        row(RECOVER_DONE,           NO,         __,         __,            __,            __,         __,             __,         __,            NO,            __,         PD);
        row(POT_CONFLICT,           ILLEGAL,    __,         __,            __,            __,         UPDREQ,         RC,         __,            __,            __,         PD);
        row(RES_INT,                PC,         PC,         PC,            PC,            PC,         PC,             PC,         PC,            PC,            __,         PD);
        row(CONFLICT_DONE,          NO,         __,         FATAL,         __,            __,         FATAL,          FATAL,      FATAL,         FATAL,         FATAL,      SD);
        row(SHUTDOWN,               __,         __,         __,            __,            __,         __,             __,         __,            __,            __,         __);
        row(PAUSED,                 __,         __,         __,            __,            __,         __,             __,         __,            __,            __,         __);
        row(FailoverState.UNKNOWN,  __,         __,         __,            __,            __,         __,             __,         __,            __,            __,         __);
    }

    private PeerStateTable() {
    }

    /** The cell for {@code row} and the announced {@code peerCode}; empty if the code has no column. */
    static Optional<Cell> cell(FailoverState row, int peerCode) {
        int column = -1;
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).code() == peerCode) {
                column = i;
            }
        }
        return column < 0 ? Optional.empty() : Optional.of(ROWS.get(row).get(column));
    }

    /** True if a server in {@code state} acts on a STATE that repeats the peer's previous one. */
    static boolean actsOnRepeats(FailoverState state) {
        return ACTS_ON_REPEATS.contains(state);
    }

    /** True if a server in {@code row} ignores, entirely, a STATE sent by a peer still in STARTUP. */
    static boolean ignoresStartingPeer(FailoverState row) {
        return row == PARTNER_DOWN;
    }

    private static void row(FailoverState state, Cell... cells) {
        if (cells.length != COLUMNS.size()) {
            throw new IllegalStateException("row " + state + " has " + cells.length + " cells");
        }
        ROWS.put(state, List.of(cells));
    }

    private static Cell to(FailoverState next) {
        return new Cell(next, List.of(), Condition.ALWAYS);
    }

    /** When a cell's outcome depends on more than the two states. */
    enum Condition {
        ALWAYS,
        /** The next state is RECOVER instead if this server is still in STARTUP. */
        RECOVER_IF_STARTING,
        /** The steps are taken only outside STARTUP (leaving STARTUP into RECOVER sends UPDREQALL as its entry). */
        STEPS_UNLESS_STARTING,
        /** The steps are taken only if the peer's previous state was POTENTIAL-CONFLICT. */
        STEPS_IF_PEER_WAS_POTENTIAL_CONFLICT
    }

    /**
     * One cell.
     *
     * @param next the next state, null for "no change"
     * @param steps the steps the cell itself names
     * @param condition what else the cell depends on
     */
    record Cell(FailoverState next, List<Step> steps, Condition condition) {

        Cell {
            Objects.requireNonNull(condition, "condition");
            steps = List.copyOf(steps);
        }

        /** The next state this cell gives, empty for no change. */
        Optional<FailoverState> nextState(boolean starting) {
            return condition == Condition.RECOVER_IF_STARTING && starting ? Optional.of(RECOVER)
                    : Optional.ofNullable(next);
        }

        /** The steps this cell takes. */
        List<Step> steps(boolean starting, FailoverState previousPeer) {
            return switch (condition) {
                case STEPS_UNLESS_STARTING -> starting ? List.of() : steps;
                case STEPS_IF_PEER_WAS_POTENTIAL_CONFLICT -> previousPeer == POT_CONFLICT ? steps : List.of();
                default -> steps;
            };
        }
    }
}

package io.tandem.failover.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the reference's §2.3 table, for an endpoint out of STARTUP that hears the peer's state for the first
 * time. A cell reads "next state" or "-" (no change), then the steps the cell itself names. The rules around the
 * table (repeats, STARTUP, the STARTUP flag, unknown codes, the conditional cells) are in {@link
 * PeerStateRulesTest}; the entry and exit actions every change adds are in {@link EntryActionsTest}.
 */
class PeerStateTableTest {

    private static final String TABLE = """
            my state \\ peer | NORMAL          | COMM-INT                   | PARTNER-DOWN | POT-CONFLICT | RES-INT      | CONFLICT-DONE   | RECOVER        | RECOVER-WAIT               | RECOVER-DONE               | PAUSED   | SHUTDOWN
            NORMAL          | - BALANCE_POOLS | -                          | POT-CONFLICT | SHUTDOWN     | SHUTDOWN     | SHUTDOWN        | PARTNER-DOWN   | -                          | -                          | COMM-INT | PARTNER-DOWN
            COMM-INT        | NORMAL SEND_QUEUED_UPDATES | NORMAL SEND_QUEUED_UPDATES | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT | PARTNER-DOWN | NORMAL SEND_QUEUED_UPDATES | NORMAL SEND_QUEUED_UPDATES | - | PARTNER-DOWN
            PARTNER-DOWN    | POT-CONFLICT    | POT-CONFLICT               | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT    | -              | -                          | NORMAL                     | -        | -
            RECOVER         | POT-CONFLICT    | - SEND_UPDREQALL           | - SEND_UPDREQALL | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT | - SEND_UPDREQALL | -                         | -                          | -        | PARTNER-DOWN
            RECOVER-WAIT    | -               | -                          | -            | -            | -            | -               | -              | -                          | -                          | -        | -
            RECOVER-DONE    | NORMAL          | -                          | -            | -            | -            | -               | -              | -                          | NORMAL                     | -        | PARTNER-DOWN
            POT-CONFLICT    | SHUTDOWN        | -                          | -            | -            | -            | -               | RECOVER        | -                          | -                          | -        | PARTNER-DOWN
            RES-INT         | POT-CONFLICT    | POT-CONFLICT               | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT | POT-CONFLICT    | POT-CONFLICT   | POT-CONFLICT               | POT-CONFLICT               | -        | PARTNER-DOWN
            CONFLICT-DONE   | NORMAL          | -                          | - SHUTDOWN_FATAL | -        | -            | - SHUTDOWN_FATAL | - SHUTDOWN_FATAL | - SHUTDOWN_FATAL      | - SHUTDOWN_FATAL           | - SHUTDOWN_FATAL | SHUTDOWN
            SHUTDOWN        | -               | -                          | -            | -            | -            | -               | -              | -                          | -                          | -        | -
            PAUSED          | -               | -                          | -            | -            | -            | -               | -              | -                          | -                          | -        | -
            UNKNOWN         | -               | -                          | -            | -            | -            | -               | -              | -                          | -                          | -        | -
            """;

    static final Map<String, FailoverState> NAMES = Map.ofEntries(Map.entry("NORMAL", FailoverState.NORMAL),
            Map.entry("COMM-INT", FailoverState.COMMUNICATIONS_INTERRUPTED),
            Map.entry("PARTNER-DOWN", FailoverState.PARTNER_DOWN),
            Map.entry("POT-CONFLICT", FailoverState.POTENTIAL_CONFLICT),
            Map.entry("RES-INT", FailoverState.RESOLUTION_INTERRUPTED),
            Map.entry("CONFLICT-DONE", FailoverState.CONFLICT_DONE), Map.entry("RECOVER", FailoverState.RECOVER),
            Map.entry("RECOVER-WAIT", FailoverState.RECOVER_WAIT),
            Map.entry("RECOVER-DONE", FailoverState.RECOVER_DONE), Map.entry("PAUSED", FailoverState.PAUSED),
            Map.entry("SHUTDOWN", FailoverState.SHUTDOWN), Map.entry("UNKNOWN", FailoverState.UNKNOWN));

    static final Instant STOS = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final Duration MCLT = Duration.ofSeconds(3600);

    /** One cell: my state, the peer's announced state, the next state (null = no change) and the cell's steps. */
    record Cell(FailoverState mine, FailoverState peer, FailoverState next, List<Step> steps) {
    }

    static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        String[] lines = TABLE.strip().split("\n");
        String[] header = split(lines[0]);
        for (int r = 1; r < lines.length; r++) {
            String[] row = split(lines[r]);
            assertThat(row).hasSameSizeAs(header);
            for (int c = 1; c < row.length; c++) {
                String[] words = row[c].split("\\s+");
                List<Step> steps = Arrays.stream(words).skip(1).map(Step::valueOf).toList();
                cells.add(new Cell(NAMES.get(row[0]), NAMES.get(header[c]),
                        words[0].equals("-") ? null : NAMES.get(words[0]), steps));
            }
        }
        return cells;
    }

    static Stream<Arguments> table() {
        return cells().stream().map(cell -> Arguments.of(cell.mine(), cell.peer(), cell));
    }

    @ParameterizedTest(name = "{0} hears {1}")
    @MethodSource("table")
    void cell(FailoverState mine, FailoverState peer, Cell cell) {
        for (FailoverRole role : List.of(FailoverRole.PRIMARY, FailoverRole.SECONDARY)) {
            EndpointState before = EndpointState.of(mine, STOS, FailoverState.UNKNOWN, MCLT);
            Transition t = new FailoverStateMachine(role, Duration.ZERO).on(before, PeerStateReceived.of(peer), NOW);

            assertThat(t.after().peerState()).isEqualTo(peer);
            if (cell.next() == null) {
                assertThat(t.after().state()).isEqualTo(mine);
                assertThat(t.after().stos()).isEqualTo(STOS);
                assertThat(t.actions()).containsExactlyElementsOf(cell.steps());
            } else {
                assertThat(t.after().state()).isEqualTo(cell.next());
                assertThat(t.after().stos()).isEqualTo(NOW);
                assertThat(t.actions()).containsAll(cell.steps());
            }
        }
    }

    @ParameterizedTest(name = "{0} hears {1} twice")
    @MethodSource("table")
    void repeatedStateIsIgnoredUnlessMyStateListensToRepeats(FailoverState mine, FailoverState peer, Cell cell) {
        EndpointState before = EndpointState.of(mine, STOS, peer, MCLT);
        Transition t = new FailoverStateMachine(FailoverRole.PRIMARY, Duration.ZERO).on(before,
                PeerStateReceived.of(peer), NOW);

        boolean listens = List.of(FailoverState.PARTNER_DOWN, FailoverState.COMMUNICATIONS_INTERRUPTED,
                FailoverState.RESOLUTION_INTERRUPTED, FailoverState.RECOVER, FailoverState.CONFLICT_DONE)
                .contains(mine);
        if (listens) {
            assertThat(t.after().state()).isEqualTo(cell.next() == null ? mine : cell.next());
            assertThat(t.actions()).containsAll(cell.steps());
        } else {
            assertThat(t.after()).isEqualTo(before);
            assertThat(t.actions()).isEmpty();
        }
    }

    private static String[] split(String line) {
        return Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
    }
}

package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TablesTest {

    private static final List<String> HEADERS = List.of("Address", "State", "Hostname");

    private static List<List<String>> randomRows(Random random, int count) {
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < HEADERS.size(); c++) {
                // Cells shorter and longer than their header, and rows whose widest cell comes late.
                cells.add("x".repeat(random.nextInt(r % 7 == 6 ? 30 : 12)));
            }
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void aWalkedTableLooksExactlyLikeTheWholeTableHoweverManyChunksItTakes() throws Exception {
        Random random = new Random(7);
        for (int count : List.of(1, 2, Tables.CHUNK_ROWS - 1, Tables.CHUNK_ROWS, Tables.CHUNK_ROWS + 1,
                3 * Tables.CHUNK_ROWS + 17)) {
            List<List<String>> rows = randomRows(random, count);
            String whole = output(() -> Tables.print(HEADERS, rows, "none"));
            String walked = output(() -> Tables.print(HEADERS, visitor -> rows.forEach(visitor), "none"));
            assertThat(walked).as("%d rows", count).isEqualTo(whole);
        }
    }

    @Test
    void anEmptyWalkPrintsTheEmptyTableText() throws Exception {
        String whole = output(() -> Tables.print(HEADERS, List.of(), "no leases"));
        String walked = output(() -> Tables.print(HEADERS, visitor -> { }, "no leases"));
        assertThat(walked).isEqualTo(whole).contains("no leases");
    }

    @Test
    void eachChunkIsPrintedBeforeTheWalkGoesOnSoTheRowsAreNeverHeldWhole() {
        int count = 3 * Tables.CHUNK_ROWS;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int[] walks = {0};
        List<Integer> heldTooLong = new ArrayList<>();
        try {
            Tables.print(HEADERS, visitor -> {
                walks[0]++;
                for (int r = 0; r < count; r++) {
                    // In the printing walk, the row a chunk ago must be out already.
                    int chunkAgo = r - Tables.CHUNK_ROWS;
                    if (walks[0] == 2 && chunkAgo >= 0
                            && !printed.toString(StandardCharsets.UTF_8).contains("row-" + chunkAgo + " ")) {
                        heldTooLong.add(chunkAgo);
                    }
                    visitor.accept(List.of("row-" + r, "ACTIVE", "-"));
                }
            }, "none");
        } finally {
            System.setOut(original);
        }
        assertThat(walks[0]).as("walks: one to size the columns, one to print").isEqualTo(2);
        assertThat(heldTooLong).as("rows not yet printed a chunk later").isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("ACTIVE")))
                .hasSize(count);
    }
}

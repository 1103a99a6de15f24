package io.tandem.shell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints rows of text under headers with Karaf's table layout. */
final class Tables {

    /** Rows held at once while printing a walked table. */
    static final int CHUNK_ROWS = 1000;

    private Tables() {
    }

    static void print(List<String> headers, List<List<String>> rows, String whenEmpty) {
        ShellTable table = new ShellTable().emptyTableText(whenEmpty);
        headers.forEach(table::column);
        rows.forEach(cells -> table.addRow().addContent(List.<Object>copyOf(cells)));
        table.print(System.out);
    }

    /**
     * Prints the rows {@code walk} gives its visitor, as {@link #print} would print them all, holding only
     * {@link #CHUNK_ROWS} at a time (a million-lease listing must not need the heap of a million rows): a first walk
     * sizes the columns, a second prints chunks of equal widths, each chunk a table whose headers are padded to
     * their column's width. A row that grew between the walks (a lease changed meanwhile) widens its chunk only.
     */
    static void print(List<String> headers, Consumer<Consumer<List<String>>> walk, String whenEmpty) {
        int[] widths = headers.stream().mapToInt(String::length).toArray();
        long[] rows = {0};
        walk.accept(cells -> {
            rows[0]++;
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        });
        if (rows[0] == 0) {
            print(headers, List.of(), whenEmpty);
            return;
        }
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            padded.add(String.format("%-" + widths[i] + "s", headers.get(i)));
        }
        List<List<String>> chunk = new ArrayList<>();
        boolean[] headed = {false};
        walk.accept(cells -> {
            chunk.add(cells);
            if (chunk.size() == CHUNK_ROWS) {
                printChunk(padded, chunk, headed);
            }
        });
        if (!chunk.isEmpty()) {
            printChunk(padded, chunk, headed);
        }
    }

    private static void printChunk(List<String> paddedHeaders, List<List<String>> chunk, boolean[] headed) {
        ShellTable table = new ShellTable();
        if (headed[0]) {
            table.noHeaders();
        }
        headed[0] = true;
        paddedHeaders.forEach(table::column);
        chunk.forEach(cells -> table.addRow().addContent(List.<Object>copyOf(cells)));
        table.print(System.out);
        chunk.clear();
    }
}

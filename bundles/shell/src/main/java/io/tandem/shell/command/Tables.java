package io.tandem.shell.command;

import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints rows of text under headers with Karaf's table layout. */
final class Tables {

    private Tables() {
    }

    static void print(List<String> headers, List<List<String>> rows, String whenEmpty) {
        ShellTable table = new ShellTable().emptyTableText(whenEmpty);
        headers.forEach(table::column);
        rows.forEach(cells -> table.addRow().addContent(List.<Object>copyOf(cells)));
        table.print(System.out);
    }
}

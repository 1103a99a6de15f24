package io.tandem.shell.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Runs shell code with {@code System.out} captured, as Karaf's console would receive it, and reads tables back.
 * Outside a Karaf session {@code ShellTable} draws with ASCII separators ({@code " | "}).
 */
public final class Console {

    /** Code that may throw what a command's {@code execute} throws. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Console() {
    }

    /** What {@code body} printed. */
    public static String output(Body body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines of {@code output}. */
    public static List<String> lines(String output) {
        return output.lines().toList();
    }

    /** The cells of every row of a table in {@code output} (header first, underline skipped), trimmed. */
    public static List<List<String>> table(String output) {
        return output.lines()
                .filter(line -> line.contains(" | "))
                .map(line -> Arrays.stream(line.split(" \\| ", -1)).map(String::trim).toList())
                .toList();
    }
}

package io.tandem.io.netty;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** What the server logs: slf4j-simple, the test binding, writes each line to the current System.err. */
final class CapturedLog {

    private CapturedLog() {
    }

    /** The lines logged while {@code action} runs (they are passed on to the real System.err too). */
    static List<String> linesOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return Arrays.stream(text.split("\n")).filter(line -> !line.isBlank()).toList();
    }
}

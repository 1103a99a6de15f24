package io.tandem.itests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs a console command in the Karaf under test, as an operator types it, and returns what it printed. */
final class KarafConsole {

    private KarafConsole() {
    }

    static String execute(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = sessions.create(System.in, out, out);
            session.execute(command);
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

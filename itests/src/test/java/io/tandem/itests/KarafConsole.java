package io.tandem.itests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs a console command in the Karaf under test, as an operator with the admin role types it (Karaf lets only
 * such a session run system commands such as feature:install), and returns what it printed.
 */
final class KarafConsole {

    private KarafConsole() {
    }

    static String execute(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = sessions.create(System.in, out, out);
            Subject operator = new Subject();
            operator.getPrincipals().add(new UserPrincipal("operator"));
            for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
                operator.getPrincipals().add(new RolePrincipal(role));
            }
            try {
                Subject.doAs(operator, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            } catch (PrivilegedActionException e) {
                throw e.getException();
            } finally {
                session.close();
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

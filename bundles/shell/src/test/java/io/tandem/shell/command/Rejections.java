package io.tandem.shell.command;

import static io.tandem.shell.testing.Console.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

/** Asserts that a command refuses its arguments the way Karaf shows as one line: a CommandException, no output. */
final class Rejections {

    private Rejections() {
    }

    static void assertRejected(Action command, String messageStart) throws Exception {
        CommandException[] thrown = new CommandException[1];

        String output = output(() -> thrown[0] = catchThrowableOfType(CommandException.class, command::execute));

        assertThat(thrown[0]).as("expected rejection: %s", messageStart).isNotNull();
        assertThat(thrown[0].getMessage()).startsWith(messageStart).doesNotContain("\n");
        assertThat(output).isEmpty();
    }
}

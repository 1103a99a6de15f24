package io.tandem.shell.command;

import java.util.function.Supplier;
import org.apache.karaf.shell.support.CommandException;

/**
 * Turns a rejected argument into a {@link CommandException}: Karaf prints its message as one line ("Error executing
 * command: ...") and logs it at debug level only, instead of an error with a stack trace.
 */
final class Inputs {

    private Inputs() {
    }

    /** The value {@code parser} reads from the operator's arguments. */
    static <T> T parse(Supplier<T> parser) throws CommandException {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}

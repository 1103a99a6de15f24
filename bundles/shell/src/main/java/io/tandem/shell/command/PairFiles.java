package io.tandem.shell.command;

import io.tandem.api.FailoverAdministration;
import io.tandem.shell.admin.OptionalServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;

/** What the audit commands share: they need a running relationship and a file, and say in one line what failed. */
final class PairFiles {

    /** Reads or writes a lease file through the relationship. */
    interface FileWork<T> {
        T on(FailoverAdministration relationship, Path file) throws IOException;
    }

    private PairFiles() {
    }

    /**
     * Runs {@code work} on {@code file}: refused when no relationship runs, and an I/O problem becomes
     * "cannot {@code doing} FILE: why".
     */
    static <T> T with(Optional<FailoverAdministration> failover, String file, String doing, FileWork<T> work)
            throws CommandException {
        FailoverAdministration relationship = failover.orElseThrow(
                () -> new CommandException(OptionalServices.NO_PAIR));
        Path path = Path.of(file);
        try {
            return work.on(relationship, path);
        } catch (IOException e) {
            throw new CommandException("cannot " + doing + " " + path.toAbsolutePath() + ": " + e.getMessage());
        }
    }
}

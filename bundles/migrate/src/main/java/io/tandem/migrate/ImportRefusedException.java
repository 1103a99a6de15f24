package io.tandem.migrate;

import java.nio.file.Path;

/**
 * An import that cannot go ahead, named by file, line and reason. Nothing has been written when it is thrown.
 */
final class ImportRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A problem at a line of {@code file}. */
    ImportRefusedException(Path file, int line, String reason) {
        super(file + " line " + line + ": " + reason);
    }

    /** A problem with the target or the files as a whole. */
    ImportRefusedException(String reason) {
        super(reason);
    }
}

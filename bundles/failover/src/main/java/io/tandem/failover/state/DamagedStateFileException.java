package io.tandem.failover.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The failover state file exists but cannot be trusted. Starting as if there were none would be wrong (a fresh
 * RECOVER forgets a PARTNER-DOWN or a conflict), so the endpoint must not start until an operator looks.
 */
public final class DamagedStateFileException extends IOException {

    private static final long serialVersionUID = 1L;

    DamagedStateFileException(Path file, String reason) {
        super("failover state file " + file + " is damaged: " + reason);
    }
}

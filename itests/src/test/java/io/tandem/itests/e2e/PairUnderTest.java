package io.tandem.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every failover pair under test has, whatever its servers: its {@link PairLan}, the relationship's
 * {@link PairSettings}, and a work directory of its own. Subclasses start and stop the servers.
 */
abstract class PairUnderTest implements AutoCloseable {

    final PairLan lan;
    final PairSettings settings;
    final Path work;

    PairUnderTest(PairLan lan, PairSettings settings, Path work) {
        this.lan = lan;
        this.settings = settings;
        this.work = work.toAbsolutePath();
    }

    /** Builds the LAN afresh and empties the work directory (a client's event file of an earlier run would answer). */
    void prepare() throws IOException {
        Preconditions.require(Map.of("ip", "iproute2", "ss", "iproute2", "setsid", "util-linux", "tar", "tar"));
        lan.create();
        Shell.ok("rm", "-rf", work.toString());
        Files.createDirectories(work);
    }

    String clientNamespace() {
        return lan.clientNamespace();
    }

    String clientInterface() {
        return lan.clientInterface();
    }

    /** A directory of the test's own under the pair's work directory. */
    Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the secondary's port on the LAN down or up: the pair's link and the secondary's clients with it. */
    void secondaryPort(boolean up) {
        lan.secondaryPort(up);
    }

    /** Ends whatever servers run, whatever state they are in. */
    abstract void killServers();

    @Override
    public void close() {
        try {
            killServers();
        } finally {
            lan.close();
        }
    }
}

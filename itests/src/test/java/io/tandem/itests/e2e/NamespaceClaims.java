package io.tandem.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Network namespaces of one name prefix belong to one test at a time. Test classes run side by side in JVMs of
 * their own, and building a topology first deletes whatever carries its names: two classes sharing a prefix would
 * kill each other's servers. A claim is a lock on a file named after the prefix; a second JVM claiming it waits
 * until the first gives it back (or exits).
 */
final class NamespaceClaims {

    private static final Map<String, FileLock> HELD = new HashMap<>();

    private NamespaceClaims() {
    }

    /** Claims {@code prefix} for this JVM, waiting while another JVM holds it; a claim held already stays. */
    static synchronized void claim(String prefix) {
        if (HELD.containsKey(prefix)) {
            return;
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "tandem-e2e-netns-" + prefix + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                System.out.println(Instant.now() + " namespaces " + prefix + "-* are another test's: waiting");
                lock = channel.lock();
            }
            HELD.put(prefix, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim namespaces " + prefix + "-* with " + file, e);
        }
    }

    /** Gives {@code prefix} back, if this JVM holds it. */
    static synchronized void release(String prefix) {
        FileLock lock = HELD.remove(prefix);
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.tandem.store.mapdb;

import io.tandem.api.LeaseStore;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.ScratchStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A {@link MapDbLeaseStore} in a directory of its own, which closing deletes (see {@link ScratchStores}). */
final class ScratchDirectoryStore implements ScratchStores.ScratchStore {

    /**
     * The free space a scratch store needs on the volume before it writes anything: a rehearsal (about 10 MiB of
     * journal and checkpoint files) must never take the room a real store on a nearly full disk lives on.
     */
    static final long MIN_FREE_BYTES = 256L << 20;

    private final Path directory;
    private final MapDbLeaseStore store;

    private ScratchDirectoryStore(Path directory, MapDbLeaseStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** A new empty store in {@code directory}, after deleting whatever an earlier one left there. */
    static ScratchDirectoryStore open(Path directory, VolumeKind volume) {
        delete(directory);
        try {
            long free = Files.getFileStore(directory.getParent()).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new LeaseStoreException("no scratch store in " + directory + ": " + (free >> 20)
                        + " MiB free on its volume, fewer than the " + (MIN_FREE_BYTES >> 20)
                        + " MiB a scratch store leaves to the real one");
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LeaseStoreException("scratch store directory " + directory + " not created: " + e, e);
        }
        try {
            return new ScratchDirectoryStore(directory, new MapDbLeaseStore(directory.resolve("leases.db"), volume,
                    MapDbLeaseStore.MAX_LEASES_PER_COMMIT));
        } catch (RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    @Override
    public LeaseStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
        delete(directory);
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> found = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) found.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new LeaseStoreException("scratch store " + directory + " not deleted: " + e, e);
        }
    }
}

package io.tandem.migrate;

import io.tandem.api.MigrationReport;
import io.tandem.api.model.Lease;
import io.tandem.isc.IscLeaseFile;
import io.tandem.isc.IscLeaseFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One import from ISC dhcpd, the same whether Tandem runs (the shell) or not (the command line): everything is
 * read, translated and checked before anything is written; then the failover state, the leases, and the etc/
 * files, the failover relationship's first. A running Tandem applies an etc/ file as soon as it appears: with the
 * leases already stored, a subnet starts serving with every binding ISC had made, and with the relationship
 * configured first, core serves no subnet alone while the relationship starts.
 */
final class Importer {

    /** Where leases and the failover state go. */
    interface Target {

        /** How many leases the store holds now. */
        long storedLeases();

        /** True if the server has a saved failover state of its own. */
        boolean hasSavedState() throws IOException;

        /** Saves the failover state to resume from. */
        void seed(LeasePlan.SavedState state) throws IOException;

        /** Stores leases durably; returns once they are on disk. */
        void store(List<Lease> leases) throws IOException;
    }

    private static final int LEASES_PER_BATCH = 1000;

    private final Path etc;
    private final Target target;
    private final Clock clock;

    Importer(Path etc, Target target, Clock clock) {
        this.etc = etc;
        this.target = target;
        this.clock = clock;
    }

    MigrationReport run(Path conf, Optional<Path> leasesFile, boolean dryRun)
            throws IOException, ImportRefusedException {
        Translation translation = ConfTranslator.translate(conf, read(conf, DhcpdConfReader::read));
        LeasePlan plan = leasesFile.isPresent()
                ? LeasePlan.of(leasesFile.get(), read(leasesFile.get(), text -> IscLeaseFile.parse(text,
                        clock.instant())), translation)
                : new LeasePlan(List.of(), Optional.empty(), List.of());
        checkTarget(translation, plan);
        List<String> written = new ArrayList<>();
        if (!dryRun) {
            if (plan.state().isPresent()) {
                target.seed(plan.state().get());
            }
            for (int from = 0; from < plan.leases().size(); from += LEASES_PER_BATCH) {
                target.store(plan.leases().subList(from, Math.min(plan.leases().size(), from + LEASES_PER_BATCH)));
            }
        }
        for (EtcFile file : translation.files()) {
            Path path = etc.resolve(file.name());
            if (!dryRun) {
                write(path, file.text());
            }
            written.add(path.toString());
        }
        Map<String, Long> byState = new TreeMap<>();
        plan.leases().forEach(lease -> byState.merge(lease.state().name(), 1L, Long::sum));
        List<String> notes = new ArrayList<>();
        translation.untranslated().forEach(note -> notes.add(conf + " " + note.shown()));
        notes.addAll(plan.notes());
        return new MigrationReport(dryRun, written, byState, plan.state().map(LeasePlan.SavedState::shown), notes);
    }

    /** What in this server stands in the way: an import completes a fresh server, it never merges into one. */
    private void checkTarget(Translation translation, LeasePlan plan) throws IOException, ImportRefusedException {
        if (!plan.leases().isEmpty() && target.storedLeases() > 0) {
            throw new ImportRefusedException("the lease store already holds " + target.storedLeases() + " leases:"
                    + " import into a server with an empty data directory");
        }
        if (plan.state().isPresent() && target.hasSavedState()) {
            throw new ImportRefusedException("this server already has a saved failover state of its own: import"
                    + " into a server that has never been in a pair");
        }
        List<String> present = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, "io.tandem.{subnet-*,failover}.cfg")) {
            files.forEach(file -> present.add(file.getFileName().toString()));
        }
        if (!present.isEmpty()) {
            present.sort(null);
            throw new ImportRefusedException(etc + " already has " + String.join(", ", present) + ": remove them"
                    + " first; the import writes the whole subnet and failover configuration");
        }
        if (translation.files().isEmpty()) {
            throw new ImportRefusedException("the configuration declares no subnet: nothing to import");
        }
    }

    /** Written beside and moved into place, so Karaf never reads half a file. */
    private static void write(Path path, String text) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".importing");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Parser<T> {
        T parse(String text) throws IscLeaseFileException;
    }

    /** Reads a source file as ISC does (one char per byte); a malformed one is refused by file, line and reason. */
    private static <T> T read(Path file, Parser<T> parser) throws IOException, ImportRefusedException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        try {
            return parser.parse(text);
        } catch (IscLeaseFileException e) {
            throw new ImportRefusedException(file, e.getLine(), e.getReason());
        }
    }
}

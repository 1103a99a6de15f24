package io.tandem.store.mapdb;

import io.tandem.store.mapdb.DiskOperation.EntryChange;
import java.util.List;
import java.util.SortedSet;
import java.util.SplittableRandom;

/**
 * The decisions one power loss makes for a crash image: which directory changes since the directory's last sync
 * reach the disk, which size each file is left with, what each sector written since the file's last sync holds,
 * and what fills blocks a file was given but never had written.
 */
final class CrashChoices {

    enum SectorFate { OLD, NEW, GARBAGE }

    enum Kind {
        /** Only what syncs made durable. */
        NOTHING_PENDING,
        /** Everything in the page cache, as after a process crash. */
        EVERYTHING,
        /** Any subset of what is pending; unwritten blocks hold zeros. */
        SOME,
        /** Any subset; unwritten blocks hold bytes of deleted files. */
        SOME_WITH_STALE_BLOCKS,
        /** Any subset; some sectors being written are garbled. */
        SOME_WITH_TORN_SECTORS
    }

    private final Kind kind;
    private final SplittableRandom random;
    private final List<byte[]> freedBlocks;

    CrashChoices(Kind kind, SplittableRandom random, List<byte[]> freedBlocks) {
        this.kind = kind;
        this.random = random;
        this.freedBlocks = freedBlocks;
    }

    boolean keeps(EntryChange change) {
        return switch (kind) {
            case NOTHING_PENDING -> false;
            case EVERYTHING -> true;
            default -> random.nextBoolean();
        };
    }

    int size(SortedSet<Integer> sizesSinceSync, int durableSize, int currentSize) {
        return switch (kind) {
            case NOTHING_PENDING -> durableSize;
            case EVERYTHING -> currentSize;
            default -> sizesSinceSync.stream().skip(random.nextInt(sizesSinceSync.size())).findFirst().orElseThrow();
        };
    }

    /** Fills {@code image[offset, offset + length)}, a block never written, as a fresh or a reused block. */
    void fillUnwritten(byte[] image, int offset, int length) {
        if (kind == Kind.SOME_WITH_STALE_BLOCKS && !freedBlocks.isEmpty()) {
            System.arraycopy(freedBlocks.get(random.nextInt(freedBlocks.size())), 0, image, offset, length);
        }
    }

    SectorFate sectorFate() {
        return switch (kind) {
            case NOTHING_PENDING -> SectorFate.OLD;
            case EVERYTHING -> SectorFate.NEW;
            case SOME, SOME_WITH_STALE_BLOCKS -> random.nextBoolean() ? SectorFate.OLD : SectorFate.NEW;
            case SOME_WITH_TORN_SECTORS -> {
                int draw = random.nextInt(5);
                yield draw < 2 ? SectorFate.OLD : draw < 4 ? SectorFate.NEW : SectorFate.GARBAGE;
            }
        };
    }

    void garble(byte[] image, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            image[i] = (byte) random.nextInt(256);
        }
    }
}

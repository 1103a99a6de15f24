package io.tandem.store.mapdb;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One file of the {@link DiskModel}: what its last sync made durable, what the page cache holds now, and what was
 * written since the sync, from which {@link #afterPowerLoss} builds what the disk may hold.
 */
final class FileModel {

    /** The disk writes each sector whole, or, torn by the power loss, garbles it. */
    static final int SECTOR = 512;
    /** The kernel writes dirty data back a page at a time: every sector of a written page is rewritten. */
    static final int PAGE = 4096;

    private byte[] durable = new byte[0];
    private byte[] current = new byte[0];
    /**
     * The bytes last written at each offset since the sync, including those a later truncation cut off in the page
     * cache: they may have reached the disk before it.
     */
    private byte[] written = new byte[0];
    private final SortedSet<Integer> dirtyPages = new TreeSet<>();
    /** The sizes the file had since the sync, the durable one included: a power loss may leave any of them. */
    private final SortedSet<Integer> sizesSinceSync = new TreeSet<>(Arrays.asList(0));

    void write(int offset, byte[] bytes) {
        int end = offset + bytes.length;
        if (end > current.length) {
            current = Arrays.copyOf(current, end);
            sizesSinceSync.add(end);
        }
        if (end > written.length) {
            written = Arrays.copyOf(written, end);
        }
        System.arraycopy(bytes, 0, current, offset, bytes.length);
        System.arraycopy(bytes, 0, written, offset, bytes.length);
        for (int page = offset / PAGE; page * PAGE < end; page++) {
            dirtyPages.add(page);
        }
    }

    void truncate(int size) {
        if (size < current.length) {
            current = Arrays.copyOf(current, size);
            sizesSinceSync.add(size);
        }
    }

    void sync() {
        durable = current.clone();
        written = current.clone();
        dirtyPages.clear();
        sizesSinceSync.clear();
        sizesSinceSync.add(current.length);
    }

    /** The content its last sync made durable. */
    byte[] durable() {
        return durable;
    }

    /**
     * What the disk may hold after a power loss now: the durable content, resized to one of the sizes the file had
     * since, with each sector of the pages written since holding its old bytes, its newly written ones or garbage.
     * Blocks the file did not have at the sync were never written where the choices keep old bytes: they hold
     * zeros, or the stale bytes of a reused block.
     */
    byte[] afterPowerLoss(CrashChoices choices) {
        int size = choices.size(sizesSinceSync, durable.length, current.length);
        byte[] image = Arrays.copyOf(durable, size);
        for (int page = (durable.length + PAGE - 1) / PAGE; page * PAGE < size; page++) {
            choices.fillUnwritten(image, page * PAGE, Math.min(PAGE, size - page * PAGE));
        }
        for (int page : dirtyPages) {
            for (int sector = page * PAGE; sector < Math.min((page + 1) * PAGE, size); sector += SECTOR) {
                int length = Math.min(SECTOR, size - sector);
                switch (choices.sectorFate()) {
                    case OLD -> {
                    }
                    case NEW -> {
                        Arrays.fill(image, sector, sector + length, (byte) 0);
                        System.arraycopy(written, sector, image, sector,
                                Math.max(0, Math.min(length, written.length - sector)));
                    }
                    case GARBAGE -> choices.garble(image, sector, length);
                }
            }
        }
        return image;
    }
}

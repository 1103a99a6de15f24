package io.tandem.store.mapdb;

import io.tandem.store.mapdb.DiskOperation.EntryChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One directory of the {@link DiskModel}: its entries at its last sync, and the changes made to them since. */
final class DirectoryModel {

    private final Map<String, Integer> durable = new TreeMap<>();
    private final List<EntryChange> pending = new ArrayList<>();

    void change(EntryChange change) {
        pending.add(change);
    }

    /** Makes the pending changes durable; returns the inodes this durably unlinked. */
    Set<Integer> sync() {
        Set<Integer> unlinked = new HashSet<>(durable.values());
        pending.forEach(change -> change.changeEntries(durable));
        pending.clear();
        unlinked.removeAll(durable.values());
        return unlinked;
    }

    /** The entries (name to inode) after a power loss: the durable ones, changed by the pending changes kept. */
    Map<String, Integer> afterPowerLoss(CrashChoices choices) {
        Map<String, Integer> entries = new TreeMap<>(durable);
        for (EntryChange change : pending) {
            if (choices.keeps(change)) {
                change.changeEntries(entries);
            }
        }
        return entries;
    }
}

package io.tandem.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client index against a map of sets, under random adds and removals of few hashes that collide in every way
 * an open-addressing table can: the same hash for several addresses, the same segment, the same home slot, runs
 * that wrap around the table's end, and tables that grow in the middle of it.
 */
class ClientIndexTest {

    @Test
    void answers_what_a_map_of_sets_answers_under_random_adds_and_removals() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            // Hashes in two segments (top bits 0 and 1), with home slots that coincide in small tables, including
            // the last slot, so that runs wrap.
            int[] hashes = new int[24];
            for (int i = 0; i < hashes.length; i++) {
                int segment = random.nextInt(2) << (Integer.SIZE - 6);
                int low = random.nextBoolean() ? 15 : random.nextInt(64);
                hashes[i] = segment | (random.nextInt(1 << 10) << 6) | low;
            }
            ClientIndex index = new ClientIndex();
            Map<Integer, Set<Integer>> model = new HashMap<>();
            for (int step = 0; step < 5_000; step++) {
                int hash = hashes[random.nextInt(hashes.length)];
                int address = 1 + random.nextInt(200);
                if (random.nextInt(3) > 0) {
                    index.add(hash, address);
                    model.computeIfAbsent(hash, h -> new HashSet<>()).add(address);
                } else {
                    index.remove(hash, address);
                    model.getOrDefault(hash, new HashSet<>()).remove(address);
                }
                for (int checked : step % 50 == 0 ? hashes : new int[] {hash}) {
                    int[] found = index.addresses(checked);
                    assertThat(Arrays.stream(found).boxed().collect(Collectors.toSet()))
                            .as("seed %d step %d hash %08x", seed, step, checked)
                            .isEqualTo(model.getOrDefault(checked, Set.of()));
                    assertThat(found).as("no address recorded twice").doesNotHaveDuplicates();
                }
            }
        }
    }

    @Test
    void an_unknown_hash_has_no_addresses() {
        ClientIndex index = new ClientIndex();
        index.add(7, 100);
        index.remove(7, 100);
        assertThat(index.addresses(7)).isEmpty();
        assertThat(index.addresses(8)).isEmpty();
    }
}

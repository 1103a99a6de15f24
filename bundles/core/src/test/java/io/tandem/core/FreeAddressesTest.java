package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.model.PoolRange;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.LinkedHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The free index against a plain model of what it promises (a map from address to free-since time, searched by
 * sorting), over random operations on two pools with a gap between them.
 */
class FreeAddressesTest {

    private static final List<PoolRange> POOLS = List.of(PoolRange.parse("10.1.0.250-10.1.1.40"),
            PoolRange.parse("10.1.1.100-10.1.1.160"));

    @Test
    void answersAsTheModelOverRandomOperations() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Ipv4Address> poolAddresses = poolAddresses();
        for (int round = 0; round < 40; round++) {
            // Odd rounds look rarely and never ask for the longest free (which drops the stale entries it meets),
            // as a policy choosing by address does: addresses taken from the middle pile up and are purged.
            boolean likePolicyByAddress = round % 2 == 1;
            int steps = likePolicyByAddress ? 20_000 : 2_000;
            int lookEvery = likePolicyByAddress ? 97 : 1;
            FreeAddresses free = new FreeAddresses(POOLS);
            // Insertion order among equal times: a LinkedHashMap whose entry moves to the end when added again.
            Map<Ipv4Address, Long> model = new LinkedHashMap<>();
            for (int step = 0; step < steps; step++) {
                String context = "seed " + seed + " round " + round + " step " + step;
                Ipv4Address address = poolAddresses.get(random.nextInt(poolAddresses.size()));
                // A few distinct times, so that ties are ordered by address; 0 is "never used".
                long second = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        free.add(address, Instant.ofEpochSecond(second));
                        model.remove(address);
                        model.put(address, second);
                    }
                    default -> assertThat(free.remove(address)).as(context)
                            .isEqualTo(Optional.ofNullable(model.remove(address)).map(Instant::ofEpochSecond));
                }
                if (step % lookEvery != 0) {
                    continue;
                }
                Predicate<Ipv4Address> usable = usableNow(random);
                Ipv4Address start = anyAddressNear(random, poolAddresses);
                assertThat(free.contains(address)).as(context).isEqualTo(model.containsKey(address));
                assertThat(free.size()).as(context).isEqualTo(model.size());
                assertThat(free.oldestFirst()).as(context).isEqualTo(oldestFirst(model));
                if (!likePolicyByAddress || step == steps - 1) {
                    assertThat(free.longestFree(usable)).as(context)
                            .isEqualTo(firstUsable(oldestFirst(model), usable));
                }
                assertThat(free.firstFrom(start, usable)).as(context + " from " + start)
                        .isEqualTo(firstUsable(fromAround(model, start), usable));
            }
        }
    }

    @Test
    void refusesAnAddressOutsideThePools() {
        FreeAddresses free = new FreeAddresses(POOLS);
        assertThatThrownBy(() -> free.add(Ipv4Address.parse("10.1.1.161"), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.1.1.161");
        assertThat(free.remove(Ipv4Address.parse("10.1.0.249"))).isEmpty();
        assertThat(free.contains(Ipv4Address.parse("10.1.0.249"))).isFalse();
    }

    @Test
    void holdsALargePoolInBitsNotObjects() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        FreeAddresses free = new FreeAddresses(List.of(PoolRange.parse("10.0.0.1-10.255.255.254")));
        for (Ipv4Address address = Ipv4Address.parse("10.0.0.1"); !address.equals(Ipv4Address.parse("10.255.255.255"));
                address = address.next()) {
            free.add(address, Instant.EPOCH);
        }
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory() - before;
        assertThat(free.size()).isEqualTo(16_777_214);
        // Two bits per address of the span (4 MiB) and nothing per never-used address: an object per address
        // would take gigabytes.
        assertThat(used).isLessThan(64L << 20);
        assertThat(free.longestFree(address -> true)).contains(Ipv4Address.parse("10.0.0.1"));
    }

    /** A usable set that changes between calls, as held and bound addresses do. */
    private static Predicate<Ipv4Address> usableNow(Random random) {
        int modulus = 1 + random.nextInt(5);
        int kept = random.nextInt(modulus);
        return random.nextInt(10) == 0 ? address -> false : address -> Math.floorMod(address.value(), modulus) == kept;
    }

    private static Ipv4Address anyAddressNear(Random random, List<Ipv4Address> poolAddresses) {
        return switch (random.nextInt(10)) {
            case 0 -> Ipv4Address.parse("10.1.0.1");
            case 1 -> Ipv4Address.parse("10.1.1.70");
            case 2 -> Ipv4Address.parse("10.2.0.0");
            default -> poolAddresses.get(random.nextInt(poolAddresses.size()));
        };
    }

    /** Never used (time 0) by address, then by time, in the order added among equal times (a stable sort). */
    private static List<Ipv4Address> oldestFirst(Map<Ipv4Address, Long> model) {
        List<Ipv4Address> neverUsed = model.entrySet().stream().filter(entry -> entry.getValue() == 0)
                .map(Map.Entry::getKey).sorted().toList();
        List<Ipv4Address> ordered = new ArrayList<>(neverUsed);
        model.entrySet().stream().filter(entry -> entry.getValue() != 0)
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).forEach(ordered::add);
        return ordered;
    }

    private static List<Ipv4Address> fromAround(Map<Ipv4Address, Long> model, Ipv4Address start) {
        List<Ipv4Address> ordered = new ArrayList<>(model.keySet().stream().filter(a -> a.compareTo(start) >= 0)
                .sorted().toList());
        ordered.addAll(model.keySet().stream().filter(a -> a.compareTo(start) < 0).sorted().toList());
        return ordered;
    }

    private static Optional<Ipv4Address> firstUsable(List<Ipv4Address> candidates, Predicate<Ipv4Address> usable) {
        return candidates.stream().limit(FreeAddresses.SEARCH_LIMIT).filter(usable).findFirst();
    }

    private static List<Ipv4Address> poolAddresses() {
        List<Ipv4Address> addresses = new ArrayList<>();
        for (PoolRange pool : POOLS) {
            for (Ipv4Address address = pool.first(); address.compareTo(pool.last()) <= 0; address = address.next()) {
                addresses.add(address);
            }
        }
        return addresses;
    }
}

package io.tandem.policy.stablehash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 65,536 sequential MACs (a batch of devices) on a /16: their homes must look like those of a uniformly random
 * function, spread over every part of the pool, with the number of shared homes a random function would give, and
 * placing them all one after the other must fill the pool, displacing no more clients than random homes would.
 */
class SequentialMacsDistributionTest {

    private static final Subnet CAMPUS = Subnet.parse("10.20.0.0/16",
            List.of(PoolRange.parse("10.20.0.1-10.20.255.254")));
    private static final int CLIENTS = 65_536;
    private static final long POOL = 65_534;
    private static final int BLOCKS = 256;

    @Test
    void homesAreSpreadAsByARandomFunction() {
        long[] perBlock = new long[BLOCKS];
        Set<Ipv4Address> homes = new HashSet<>();
        for (int n = 0; n < CLIENTS; n++) {
            Ipv4Address home = HomeAddress.of(ClientId.fromHardware(StableHashPolicyTest.mac(n)), CAMPUS);
            homes.add(home);
            perBlock[(int) ((home.toUnsigned() - 0x0a140001L) * BLOCKS / POOL)]++;
        }
        double expectedPerBlock = (double) CLIENTS / BLOCKS;
        double chiSquare = 0;
        for (long count : perBlock) {
            chiSquare += (count - expectedPerBlock) * (count - expectedPerBlock) / expectedPerBlock;
        }
        // 255 degrees of freedom: mean 255, standard deviation sqrt(2 * 255) ≈ 22.6; six of them above is 390.
        assertThat(chiSquare).as("chi-square of homes over %s blocks", BLOCKS).isLessThan(390);

        // Shared homes: a random function leaves m (1 - (1 - 1/m)^n) distinct values; the deviation is about 80.
        double expectedDistinct = POOL * (1 - Math.pow(1 - 1.0 / POOL, CLIENTS));
        long shared = CLIENTS - homes.size();
        assertThat((double) shared).as("clients sharing a home")
                .isBetween(CLIENTS - expectedDistinct - 500, CLIENTS - expectedDistinct + 500);
    }

    @Test
    void placingEveryClientFillsThePoolAndDisplacesNoMoreThanRandomHomesWould() {
        FreePool free = new FreePool(CAMPUS);
        StableHashPolicyTest placing = new StableHashPolicyTest();
        long atHome = 0;
        long unplaced = 0;
        for (int n = 0; n < CLIENTS; n++) {
            Ipv4Address home = HomeAddress.of(ClientId.fromHardware(StableHashPolicyTest.mac(n)), CAMPUS);
            Optional<Ipv4Address> placed = placing.place(n, CAMPUS, free);
            atHome += placed.filter(home::equals).isPresent() ? 1 : 0;
            unplaced += placed.isEmpty() ? 1 : 0;
        }
        assertThat(unplaced).as("one client for each address, two left over").isEqualTo(CLIENTS - POOL);
        assertThat(free.size()).isZero();

        // The same placement (home, else the next free address) with homes from a seeded random generator.
        FreePool reference = new FreePool(CAMPUS);
        SplittableRandom random = new SplittableRandom(65_536);
        long referenceAtHome = 0;
        for (int n = 0; n < POOL; n++) {
            Ipv4Address home = new Ipv4Address((int) (0x0a140001L + random.nextLong(POOL)));
            Ipv4Address placed = reference.firstFrom(home).orElseThrow();
            reference.take(placed);
            referenceAtHome += placed.equals(home) ? 1 : 0;
        }
        assertThat((double) atHome).as("clients placed at home, random homes: %s", referenceAtHome)
                .isGreaterThanOrEqualTo(referenceAtHome * 0.97);
    }
}

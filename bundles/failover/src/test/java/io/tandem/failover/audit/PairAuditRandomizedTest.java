package io.tandem.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.isc.Leases;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random converged pair databases (both servers identical, NORMAL) audit clean; one random defect of each kind,
 * injected into a copy, is reported as exactly that finding and nothing else.
 */
class PairAuditRandomizedTest {

    private static final List<Subnet> SUBNETS =
            List.of(Subnet.parse("10.0.0.0/24", List.of()), Subnet.parse("10.0.1.0/24", List.of()));
    /** Generated leases use host numbers up to this; higher ones stay free for injected defects. */
    private static final int USED_HOSTS = 120;
    private static final BindingState[] LOOSE =
            {BindingState.FREE, BindingState.BACKUP, BindingState.EXPIRED, BindingState.RELEASED, BindingState.RESET};

    private final PairAudit audit = new PairAudit(SUBNETS);

    /** One round's world: a random generator and a counter for clients no lease has named yet. */
    private static final class World {
        final Random random;
        int freshClients = 1000;

        World(long seed) {
            random = new Random(seed);
        }

        HardwareAddress freshMac() {
            int n = freshClients++;
            return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 1, 0, 0, (byte) (n >> 8), (byte) n});
        }

        Ipv4Address unusedAddress(Subnet subnet) {
            return host(subnet, USED_HOSTS + 1 + random.nextInt(100));
        }
    }

    private static Ipv4Address host(Subnet subnet, int host) {
        return new Ipv4Address(subnet.network().value() + host);
    }

    private static ClientId identity(HardwareAddress mac, boolean withUid) {
        if (!withUid) {
            return ClientId.fromHardware(mac);
        }
        byte[] uid = new byte[1 + mac.length()];
        uid[0] = 1;
        mac.copyTo(uid, 1);
        return ClientId.fromClientIdentifier(uid);
    }

    /** A converged database: at most one ACTIVE lease per client and subnet, no change pending (tstp <= atsfp). */
    private static Map<Ipv4Address, Lease> database(World world) {
        Map<Ipv4Address, Lease> leases = new TreeMap<>();
        Random random = world.random;
        for (Subnet subnet : SUBNETS) {
            List<HardwareAddress> macs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                macs.add(HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0, 0, 0, (byte) i, 7}));
            }
            List<HardwareAddress> activeClients = new ArrayList<>();
            for (int host = 1; host <= USED_HOSTS; host++) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                HardwareAddress mac = macs.get(random.nextInt(macs.size()));
                BindingState state = switch (random.nextInt(8)) {
                    case 0, 1 -> activeClients.contains(mac) ? BindingState.FREE : BindingState.ACTIVE;
                    case 2 -> BindingState.ABANDONED;
                    default -> LOOSE[random.nextInt(LOOSE.length)];
                };
                if (state == BindingState.ACTIVE) {
                    activeClients.add(mac);
                }
                long start = random.nextInt(100_000);
                long potential = start + random.nextInt(5000);
                Lease.Builder lease = Lease.builder(host(subnet, host)).state(state)
                        .start(Leases.at(start)).end(Leases.at(start + random.nextInt(3600)))
                        .tsfp(Leases.at(potential)).atsfp(Leases.at(potential))
                        .tstp(Leases.at(potential - random.nextInt(2) * random.nextInt(600)))
                        .cltt(Leases.at(start - random.nextInt(100)));
                boolean named = state != BindingState.ABANDONED
                        && (state == BindingState.ACTIVE || random.nextInt(3) > 0);
                if (named) {
                    lease.client(identity(mac, random.nextBoolean())).hardware(mac);
                }
                leases.put(host(subnet, host), lease.build());
            }
        }
        return leases;
    }

    private List<Finding> audit(Map<Ipv4Address, Lease> primary, Map<Ipv4Address, Lease> secondary) {
        return audit.audit(primary.values(), secondary.values(), true);
    }

    @Test
    void randomConvergedPairsAreCleanAndEachInjectedDefectIsReportedAlone() {
        for (long seed = 1; seed <= 300; seed++) {
            World world = new World(seed);
            Map<Ipv4Address, Lease> primary = database(world);
            Map<Ipv4Address, Lease> secondary = new TreeMap<>(primary);
            String round = "seed " + seed;
            assertThat(audit(primary, secondary)).as(round).isEmpty();

            addressConflict(world, round, primary, secondary);
            duplicateBinding(world, round, primary, secondary);
            unknownToPeer(world, round, primary, secondary);
            for (LeaseField field : LeaseField.values()) {
                divergence(world, round + " " + field, field, primary, secondary);
            }
        }
    }

    private void addressConflict(World world, String round, Map<Ipv4Address, Lease> primary,
            Map<Ipv4Address, Lease> secondary) {
        Subnet subnet = SUBNETS.get(world.random.nextInt(SUBNETS.size()));
        Ipv4Address address = world.unusedAddress(subnet);
        HardwareAddress first = world.freshMac();
        HardwareAddress second = world.freshMac();
        Lease bound = Leases.lease(address.toString(), BindingState.ACTIVE, -1)
                .client(ClientId.fromHardware(first)).hardware(first).build();
        Lease other = bound.toBuilder().client(ClientId.fromHardware(second)).hardware(second).build();
        Map<Ipv4Address, Lease> p = new TreeMap<>(primary);
        Map<Ipv4Address, Lease> s = new TreeMap<>(secondary);
        p.put(address, bound);
        s.put(address, other);
        List<Lease> onOneServer = new ArrayList<>(p.values());
        onOneServer.add(other);

        assertThat(audit(p, s)).as(round).singleElement().isInstanceOf(AddressConflict.class)
                .extracting(Finding::address).isEqualTo(address);
        assertThat(audit.audit(onOneServer, p.values(), true)).as(round + " on one server")
                .singleElement().isInstanceOf(AddressConflict.class).extracting(Finding::address).isEqualTo(address);
    }

    private void duplicateBinding(World world, String round, Map<Ipv4Address, Lease> primary,
            Map<Ipv4Address, Lease> secondary) {
        Subnet subnet = SUBNETS.get(world.random.nextInt(SUBNETS.size()));
        List<Lease> bound = primary.values().stream()
                .filter(lease -> lease.state() == BindingState.ACTIVE && subnet.contains(lease.address())).toList();
        List<Lease> notBound = primary.values().stream()
                .filter(lease -> lease.state() != BindingState.ACTIVE && subnet.contains(lease.address())).toList();
        Map<Ipv4Address, Lease> both = new TreeMap<>();
        Lease first;
        if (!bound.isEmpty() && world.random.nextBoolean()) {
            first = bound.get(world.random.nextInt(bound.size()));
        } else {
            HardwareAddress mac = world.freshMac();
            Ipv4Address address = world.unusedAddress(subnet);
            first = Leases.lease(address.toString(), BindingState.ACTIVE, -1)
                    .client(ClientId.fromHardware(mac)).hardware(mac).build();
            both.put(address, first);
        }
        Lease second = notBound.isEmpty() || world.random.nextBoolean()
                ? Lease.free(world.unusedAddress(subnet))
                : notBound.get(world.random.nextInt(notBound.size()));
        if (second.address().equals(first.address())) {
            return;
        }
        Lease.Builder duplicate = second.toBuilder().state(BindingState.ACTIVE).client(first.client())
                .hardware(first.hardware());
        both.put(second.address(), second.end().isBefore(second.start())
                ? duplicate.end(second.start()).build() : duplicate.build());
        Map<Ipv4Address, Lease> p = new TreeMap<>(primary);
        Map<Ipv4Address, Lease> s = new TreeMap<>(secondary);
        p.putAll(both);
        s.putAll(both);
        Ipv4Address lowest = first.address().compareTo(second.address()) < 0 ? first.address() : second.address();

        assertThat(audit(p, s)).as(round).singleElement().isInstanceOf(DuplicateBinding.class)
                .satisfies(finding -> assertThat(finding.address()).isEqualTo(lowest))
                .extracting(finding -> ((DuplicateBinding) finding).client()).isEqualTo(first.client());
    }

    private void unknownToPeer(World world, String round, Map<Ipv4Address, Lease> primary,
            Map<Ipv4Address, Lease> secondary) {
        List<Lease> anonymous = primary.values().stream()
                .filter(lease -> lease.client() == null && lease.state() != BindingState.ABANDONED).toList();
        Lease target = anonymous.isEmpty() || world.random.nextBoolean()
                ? Lease.builder(world.unusedAddress(SUBNETS.get(world.random.nextInt(SUBNETS.size()))))
                        .state(world.random.nextBoolean() ? BindingState.FREE : BindingState.BACKUP).build()
                : anonymous.get(world.random.nextInt(anonymous.size()));
        HardwareAddress mac = world.freshMac();
        Lease named = target.toBuilder().client(identity(mac, world.random.nextBoolean())).hardware(mac).build();
        Server server = world.random.nextBoolean() ? Server.PRIMARY : Server.SECONDARY;
        Map<Ipv4Address, Lease> p = new TreeMap<>(primary);
        Map<Ipv4Address, Lease> s = new TreeMap<>(secondary);
        (server == Server.PRIMARY ? p : s).put(target.address(), named);

        assertThat(audit(p, s)).as(round).containsExactly(
                new UnknownToPeer(target.address(), server, named.client(), named.state()));
    }

    private void divergence(World world, String round, LeaseField field, Map<Ipv4Address, Lease> primary,
            Map<Ipv4Address, Lease> secondary) {
        Random random = world.random;
        // Both copies free alike may differ in tstp (LeaseField explains why), so a tstp defect needs another state.
        List<Lease> candidates = field == LeaseField.PRIMARY_TSTP || field == LeaseField.SECONDARY_TSTP
                ? primary.values().stream().filter(PairAuditRandomizedTest::notFree).toList()
                : List.copyOf(primary.values());
        if (candidates.isEmpty()) {
            return;
        }
        Lease original = candidates.get(random.nextInt(candidates.size()));
        Server server = switch (field) {
            case PRIMARY_TSTP -> Server.PRIMARY;
            case SECONDARY_TSTP -> Server.SECONDARY;
            default -> random.nextBoolean() ? Server.PRIMARY : Server.SECONDARY;
        };
        long k = 1 + random.nextInt(1000);
        Lease.Builder changed = original.toBuilder();
        switch (field) {
            case STATE -> {
                BindingState state;
                do {
                    state = original.state() == BindingState.ACTIVE
                            ? (random.nextBoolean() ? BindingState.EXPIRED : BindingState.RELEASED)
                            : LOOSE[random.nextInt(LOOSE.length)];
                } while (state == original.state());
                changed.state(state);
            }
            case HARDWARE -> {
                if (original.state() == BindingState.ABANDONED) {
                    return;
                }
                changed.hardware(world.freshMac());
            }
            case STARTS -> changed.start(original.start().minusSeconds(k));
            case ENDS -> changed.end(original.end().plusSeconds(k));
            case TSFP -> changed.tsfp(original.tsfp().plusSeconds(k));
            case ATSFP -> changed.atsfp(original.atsfp().plusSeconds(k));
            case PRIMARY_TSTP, SECONDARY_TSTP -> changed.tstp(original.atsfp().plusSeconds(k));
        }
        Lease mutated = changed.build();
        Map<Ipv4Address, Lease> p = new TreeMap<>(primary);
        Map<Ipv4Address, Lease> s = new TreeMap<>(secondary);
        (server == Server.PRIMARY ? p : s).put(original.address(), mutated);
        Lease onPrimary = p.get(original.address());
        Lease onSecondary = s.get(original.address());

        assertThat(audit(p, s)).as(round)
                .containsExactly(new Divergence(original.address(), onPrimary, onSecondary, List.of(field)));
    }

    private static boolean notFree(Lease lease) {
        return lease.state() != BindingState.FREE && lease.state() != BindingState.BACKUP;
    }
}

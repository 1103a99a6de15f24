package io.tandem.failover.audit;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks two failover peers' lease databases against the pair's invariants (ARCHITECTURE.md 1, 2, 4 and 5;
 * failover-protocol.md §3 and §6). The input is each server's leases, from a {@code LeaseStore} scan or an
 * {@link io.tandem.isc.IscLeaseFile}; the output is every {@link Finding}, sorted by address, then kind, then description.
 *
 * <h2>What is reported</h2>
 * <ul>
 *   <li>{@link DuplicateBinding}: a client identity ({@link ClientId}: option 61, else htype + chaddr) ACTIVE on
 *       two or more addresses of one shared network, counting both servers: on one server, or one address on
 *       each. The network of an address is the most specific audited subnet containing it; addresses outside
 *       every audited subnet form one more group, so that nothing goes unchecked.</li>
 *   <li>{@link AddressConflict}: an address ACTIVE for two different clients, on one server (a side listing the
 *       address twice) or one on each.</li>
 *   <li>{@link UnknownToPeer}: a lease naming a client, in any state, when none of the peer's copies of that
 *       address names that client. Reported in every pair state: outside NORMAL it is the backlog of updates
 *       still to send; in NORMAL it is a lost one, or a free lease that took a client's identity without a
 *       BNDUPD (§6.1). A client difference between the copies is always reported this way, so
 *       {@link Divergence} does not repeat it.</li>
 *   <li>{@link Divergence}, only when the pair is NORMAL: the copies break one of the {@link LeaseField} rules
 *       below. A server without a lease for the address is taken to hold it FREE with every field unset, as ISC
 *       treats an address its file does not list (§7.2). An address a server lists more than once is not
 *       compared field by field: which copy is current cannot be told.</li>
 * </ul>
 * Each address is reported at its most serious level only: a conflict, else the identities unknown to the peer,
 * else a divergence; the lesser findings follow from the greater one (copies naming different clients cannot
 * agree on anything else), and fixing it changes them. Only ACTIVE counts as bound; an OFFERED lease is never
 * stored or sent (invariant 1), so it binds nothing here.
 *
 * <h2>Which fields must agree in NORMAL, and why (§3.3, §3.5, §3.6)</h2>
 * In NORMAL every change has reached the peer and been acknowledged (invariant 5). A change travels as one
 * BNDUPD from the server that made it (the writer) to its peer (the receiver), and the receiver acknowledges it:
 * <ul>
 *   <li>binding state, hardware address: carried in the BNDUPD; the receiver stores them. Compared exactly:
 *       FREE on one side and BACKUP on the other means they disagree on who may allocate the address.</li>
 *   <li>{@code starts} and {@code ends}: carried as STOS and lease-expiration-time; the receiver stores them.
 *       Compared exactly.</li>
 *   <li>{@code tsfp} and {@code atsfp}: the receiver sets both to the potential-expiration-time it received, and
 *       the writer sets both to the potential expiry its peer acknowledged, which is the one it sent. So once
 *       acknowledged, both servers hold the same pair of values. Compared exactly.</li>
 *   <li>{@code tstp}: what this server last sent. A received BNDUPD does not set it, so the receiver's tstp is
 *       whatever it sent in an earlier exchange, and tstp is <em>not</em> compared with the peer's tstp. It is
 *       compared crosswise with the peer's acknowledged record: each server's {@code tstp} must not be later than
 *       the other's {@code atsfp}. For the writer the two are equal (the peer stored exactly what was sent); they
 *       may be lower when the writer moved tstp back to {@code ends} on the lease reaching FREE or BACKUP after
 *       the acknowledgement. A tstp later than the peer's atsfp is a potential expiry the peer never recorded:
 *       the update was lost or rejected, or is still pending ({@code tstp > atsfp}, §3.3) while the pair claims
 *       NORMAL. Equality is not required, as ISC's tstp reset shows, and an older, lower tstp of the receiver is
 *       harmless.</li>
 *   <li>{@code cltt}: not compared. It is set only by this server's own DHCPACK and the peer's CLTT is not stored
 *       (§3.3, §3.5 step 5), so the two copies differ whenever only one server acknowledged the client; with an
 *       ISC peer equality cannot hold.</li>
 *   <li>client identity: see {@link UnknownToPeer}. Host name and relay agent information: not compared; they
 *       are not failover state (ISC drops the host name on FREE leases).</li>
 * </ul>
 * For two identical databases in which no change is pending (each lease's tstp not after its atsfp) every rule
 * holds, so the audit reports only what breaks invariants 1 and 2.
 */
public final class PairAudit {

    private static final List<Class<? extends Finding>> KIND_ORDER =
            List.of(AddressConflict.class, DuplicateBinding.class, UnknownToPeer.class, Divergence.class);

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::address)
            .thenComparingInt(finding -> KIND_ORDER.indexOf(finding.getClass()))
            .thenComparing(Finding::description);

    private final SharedNetworks networks;

    /** @param subnets the subnets of the pair, each a shared network for the one-binding-per-client rule */
    public PairAudit(Collection<Subnet> subnets) {
        this.networks = new SharedNetworks(List.copyOf(subnets));
    }

    /**
     * Audits the pair.
     *
     * @param primary the primary's leases, in any order
     * @param secondary the secondary's leases, in any order
     * @param pairNormal whether both servers are in NORMAL, which turns on the field comparison
     * @return every finding, sorted by address, then kind, then description
     */
    public List<Finding> audit(Collection<Lease> primary, Collection<Lease> secondary, boolean pairNormal) {
        Map<Ipv4Address, List<Lease>> primaryCopies = byAddress(primary);
        Map<Ipv4Address, List<Lease>> secondaryCopies = byAddress(secondary);
        List<Finding> findings = new ArrayList<>(duplicateBindings(primaryCopies, secondaryCopies));
        Set<Ipv4Address> addresses = new TreeSet<>(primaryCopies.keySet());
        addresses.addAll(secondaryCopies.keySet());
        for (Ipv4Address address : addresses) {
            List<Lease> onPrimary = primaryCopies.getOrDefault(address, List.of());
            List<Lease> onSecondary = secondaryCopies.getOrDefault(address, List.of());
            Optional<AddressConflict> conflict = conflict(address, onPrimary, onSecondary);
            if (conflict.isPresent()) {
                findings.add(conflict.get());
                continue;
            }
            List<UnknownToPeer> unknown = new ArrayList<>(unknownToPeer(address, Server.PRIMARY, onPrimary, onSecondary));
            unknown.addAll(unknownToPeer(address, Server.SECONDARY, onSecondary, onPrimary));
            if (!unknown.isEmpty()) {
                findings.addAll(unknown);
            } else if (pairNormal && onPrimary.size() <= 1 && onSecondary.size() <= 1) {
                divergence(address, onlyCopy(address, onPrimary), onlyCopy(address, onSecondary))
                        .ifPresent(findings::add);
            }
        }
        findings.sort(ORDER);
        return List.copyOf(findings);
    }

    private static Map<Ipv4Address, List<Lease>> byAddress(Collection<Lease> leases) {
        Map<Ipv4Address, List<Lease>> copies = new TreeMap<>();
        for (Lease lease : leases) {
            copies.computeIfAbsent(lease.address(), address -> new ArrayList<>()).add(lease);
        }
        return copies;
    }

    private List<DuplicateBinding> duplicateBindings(Map<Ipv4Address, List<Lease>> primary,
            Map<Ipv4Address, List<Lease>> secondary) {
        record Key(Optional<Subnet> network, ClientId client) {
        }
        Map<Key, List<Holding>> bindings = new LinkedHashMap<>();
        // Address order on the outside and primary first inside keeps each list sorted as it is built.
        Set<Ipv4Address> addresses = new TreeSet<>(primary.keySet());
        addresses.addAll(secondary.keySet());
        for (Ipv4Address address : addresses) {
            for (Holding holding : holdings(primary.getOrDefault(address, List.of()),
                    secondary.getOrDefault(address, List.of()))) {
                bindings.computeIfAbsent(new Key(networks.of(address), holding.client()), key -> new ArrayList<>())
                        .add(holding);
            }
        }
        List<DuplicateBinding> duplicates = new ArrayList<>();
        bindings.forEach((key, holdings) -> {
            if (holdings.stream().map(Holding::address).distinct().count() > 1) {
                duplicates.add(new DuplicateBinding(key.client(), key.network(), holdings));
            }
        });
        return duplicates;
    }

    private static Optional<AddressConflict> conflict(Ipv4Address address, List<Lease> onPrimary,
            List<Lease> onSecondary) {
        List<Holding> holdings = holdings(onPrimary, onSecondary);
        return holdings.stream().map(Holding::client).distinct().count() > 1
                ? Optional.of(new AddressConflict(address, holdings))
                : Optional.empty();
    }

    /** The ACTIVE copies of one address, primary first, then by client. */
    private static List<Holding> holdings(List<Lease> onPrimary, List<Lease> onSecondary) {
        List<Holding> holdings = new ArrayList<>();
        for (Server server : Server.values()) {
            (server == Server.PRIMARY ? onPrimary : onSecondary).stream()
                    .filter(lease -> lease.state() == BindingState.ACTIVE)
                    .map(lease -> new Holding(server, lease.address(), lease.client()))
                    .distinct()
                    .sorted(Comparator.comparing(holding -> holding.client().toString()))
                    .forEach(holdings::add);
        }
        return holdings;
    }

    private static List<UnknownToPeer> unknownToPeer(Ipv4Address address, Server server, List<Lease> mine,
            List<Lease> theirs) {
        Set<ClientId> known = new LinkedHashSet<>();
        theirs.stream().map(Lease::client).filter(client -> client != null).forEach(known::add);
        return mine.stream()
                .filter(lease -> lease.client() != null && !known.contains(lease.client()))
                .map(lease -> new UnknownToPeer(address, server, lease.client(), lease.state()))
                .distinct()
                .toList();
    }

    private static Lease onlyCopy(Ipv4Address address, List<Lease> copies) {
        return copies.isEmpty() ? Lease.free(address) : copies.get(0);
    }

    private static Optional<Divergence> divergence(Ipv4Address address, Lease primary, Lease secondary) {
        List<LeaseField> broken = new ArrayList<>();
        for (LeaseField field : LeaseField.values()) {
            if (field.differs(primary, secondary)) {
                broken.add(field);
            }
        }
        return broken.isEmpty() ? Optional.empty() : Optional.of(new Divergence(address, primary, secondary, broken));
    }
}

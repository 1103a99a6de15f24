package io.tandem.migrate;

import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates the statements of a {@code dhcpd.conf} into Tandem's etc/ files: one {@code io.tandem.subnet-NAME.cfg}
 * per subnet (pools, the options Tandem sends, lease times, host reservations) and {@code io.tandem.failover.cfg}
 * from the {@code failover peer} declaration. Every value ISC would use by default is written out, so that Tandem
 * behaves as the server it replaces where their defaults differ (ISC's default lease is 12 hours, Tandem's one).
 * What has no Tandem equivalent is named, line by line; what would make the result wrong refuses the whole file.
 */
final class ConfTranslator {

    /** ISC dhcpd 4.4's values when dhcpd.conf is silent (includes/dhcpd.h, includes/failover.h). */
    private static final List<Map.Entry<String, String>> ISC_SUBNET_DEFAULTS = List.of(
            Map.entry("leaseTime", "43200"), Map.entry("minLeaseTime", "300"), Map.entry("maxLeaseTime", "86400"));
    private static final int TANDEM_MIN_LEASE_TIME = 60;

    private enum Where { TOP, SHARED_NETWORK, GROUP, SUBNET, POOL }

    /**
     * The parameters a scope sets, over those of the scopes around it. As in ISC, a scope's parameters apply to all
     * it holds wherever they stand in it: a global option written after a subnet applies to that subnet too, so
     * what a subnet ends with is read only once the whole file is.
     */
    private static final class Parameters {
        private final Parameters outer;
        private final Map<String, String> own = new LinkedHashMap<>();

        Parameters(Parameters outer) {
            this.outer = outer;
        }

        void set(String key, String value) {
            own.put(key, value);
        }

        Map<String, String> inEffect() {
            Map<String, String> effective = outer == null ? new LinkedHashMap<>() : outer.inEffect();
            effective.putAll(own);
            return effective;
        }
    }

    /** The scope a statement is in: the parameters it sets and inherits, and where it sits. */
    private record Scope(Where where, Parameters parameters, SubnetDraft subnet, PoolDraft pool,
                         String sharedNetwork) {

        Scope inside(Where next, SubnetDraft inSubnet, PoolDraft inPool, String shared) {
            return new Scope(next, next == Where.SUBNET ? inSubnet.parameters : new Parameters(parameters),
                    inSubnet, inPool, shared);
        }
    }

    private static final class SubnetDraft {
        final int line;
        final Subnet subnet;
        final String sharedNetwork;
        final Parameters parameters;
        final List<PoolRange> pools = new ArrayList<>();
        final List<String> reservations = new ArrayList<>();

        SubnetDraft(int line, Subnet subnet, String sharedNetwork, Parameters outer) {
            this.line = line;
            this.subnet = subnet;
            this.sharedNetwork = sharedNetwork;
            this.parameters = new Parameters(outer);
        }
    }

    private static final class PoolDraft {
        final int line;
        String peer;

        PoolDraft(int line) {
            this.line = line;
        }
    }

    private record RangeDraft(ConfStatement statement, PoolRange range, SubnetDraft subnet) {
    }

    private final Path source;
    private final List<Untranslated> untranslated = new ArrayList<>();
    private final List<SubnetDraft> subnets = new ArrayList<>();
    private final List<PoolDraft> pools = new ArrayList<>();
    private final List<RangeDraft> ranges = new ArrayList<>();
    private final List<ConfStatement> hosts = new ArrayList<>();
    private final FailoverPeerTranslator failover;

    private ConfTranslator(Path source) {
        this.source = source;
        this.failover = new FailoverPeerTranslator(source, untranslated);
    }

    /**
     * The translation of a whole file.
     *
     * @param source the file's path, for the files' headers and for errors
     * @throws ImportRefusedException if a statement makes the translation wrong or impossible (file, line, why)
     */
    static Translation translate(Path source, List<ConfStatement> statements) throws ImportRefusedException {
        ConfTranslator translator = new ConfTranslator(source);
        Parameters iscDefaults = new Parameters(null);
        ISC_SUBNET_DEFAULTS.forEach(entry -> iscDefaults.set(entry.getKey(), entry.getValue()));
        translator.walk(statements, new Scope(Where.TOP, new Parameters(iscDefaults), null, null, null));
        return translator.finish();
    }

    private void walk(List<ConfStatement> statements, Scope scope) throws ImportRefusedException {
        for (ConfStatement statement : statements) {
            translate(statement, scope);
        }
    }

    private void translate(ConfStatement statement, Scope scope) throws ImportRefusedException {
        Where where = scope.where();
        boolean declarations = where == Where.TOP || where == Where.SHARED_NETWORK || where == Where.GROUP;
        if (statement.startsWith("subnet") && statement.block().isPresent() && declarations) {
            SubnetDraft draft = new SubnetDraft(statement.line(), subnetOf(statement), scope.sharedNetwork(),
                    scope.parameters());
            subnets.add(draft);
            walk(statement.block().get(), scope.inside(Where.SUBNET, draft, null, scope.sharedNetwork()));
        } else if (statement.startsWith("shared-network") && statement.block().isPresent() && where == Where.TOP) {
            untranslated.add(note(statement, "Tandem serves each subnet on its own: the subnets inside are"
                    + " translated one by one, and a client moving between them is a new client"));
            walk(statement.block().get(), scope.inside(Where.SHARED_NETWORK, null, null, statement.word(1)));
        } else if (statement.startsWith("group") && statement.block().isPresent() && declarations) {
            walk(statement.block().get(), scope.inside(Where.GROUP, scope.subnet(), null, scope.sharedNetwork()));
        } else if (statement.startsWith("pool") && statement.block().isPresent()
                && (where == Where.SUBNET || where == Where.SHARED_NETWORK)) {
            PoolDraft pool = new PoolDraft(statement.line());
            pools.add(pool);
            walk(statement.block().get(), scope.inside(Where.POOL, scope.subnet(), pool, scope.sharedNetwork()));
        } else if (statement.startsWith("range") && statement.block().isEmpty()
                && (where == Where.SUBNET || where == Where.POOL || where == Where.SHARED_NETWORK)) {
            range(statement, scope);
        } else if (statement.startsWith("failover", "peer") && statement.block().isPresent() && where == Where.TOP) {
            failover.declare(statement);
        } else if (statement.startsWith("failover", "peer") && statement.block().isEmpty() && where == Where.POOL) {
            scope.pool().peer = statement.word(2);
        } else if (statement.startsWith("host") && statement.block().isPresent() && where != Where.POOL) {
            hosts.add(statement);
        } else if (statement.block().isEmpty()) {
            parameter(statement, scope);
        } else {
            untranslated.add(note(statement, "no Tandem equivalent"));
        }
    }

    private Subnet subnetOf(ConfStatement statement) throws ImportRefusedException {
        if (!statement.word(2).equalsIgnoreCase("netmask") || statement.words().size() != 4) {
            throw refused(statement, "expected 'subnet ADDRESS netmask MASK'");
        }
        try {
            int mask = Ipv4Address.parse(statement.word(3)).value();
            int prefix = Integer.bitCount(mask);
            if (mask != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
                throw refused(statement, "netmask " + statement.word(3) + " is not contiguous");
            }
            return Subnet.parse(statement.word(1) + "/" + prefix, List.of());
        } catch (IllegalArgumentException e) {
            throw refused(statement, e.getMessage());
        }
    }

    private void range(ConfStatement statement, Scope scope) throws ImportRefusedException {
        List<String> values = statement.values(1);
        if (!values.isEmpty() && values.get(0).equalsIgnoreCase("dynamic-bootp")) {
            untranslated.add(note(statement, "Tandem serves no BOOTP clients; the range is translated for DHCP"
                    + " clients"));
            values = values.subList(1, values.size());
        }
        if (values.isEmpty() || values.size() > 2) {
            throw refused(statement, "expected 'range FIRST [LAST]'");
        }
        try {
            PoolRange range = new PoolRange(Ipv4Address.parse(values.get(0)),
                    Ipv4Address.parse(values.get(values.size() - 1)));
            ranges.add(new RangeDraft(statement, range, scope.subnet()));
        } catch (IllegalArgumentException e) {
            throw refused(statement, e.getMessage());
        }
    }

    private void parameter(ConfStatement statement, Scope scope) throws ImportRefusedException {
        Optional<String> key = SubnetParameters.keyOf(statement);
        if (key.isPresent() && (scope.where() == Where.POOL)) {
            untranslated.add(note(statement, "Tandem sets this per subnet, not per pool"));
            return;
        }
        if (key.isPresent()) {
            Optional<String> value = SubnetParameters.valueOf(statement, key.get());
            if (value.isEmpty()) {
                untranslated.add(note(statement, SubnetParameters.whyNot(statement, key.get())));
            } else if (key.get().equals("minLeaseTime")
                    && Long.parseLong(value.get()) < TANDEM_MIN_LEASE_TIME) {
                untranslated.add(note(statement, "Tandem's shortest lease is " + TANDEM_MIN_LEASE_TIME
                        + " s; minLeaseTime is set to that"));
                scope.parameters().set(key.get(), String.valueOf(TANDEM_MIN_LEASE_TIME));
            } else {
                scope.parameters().set(key.get(), value.get());
            }
            return;
        }
        SubnetParameters.noteUnlessBuiltIn(statement, scope.subnet() == null ? null : scope.subnet().subnet)
                .ifPresent(reason -> untranslated.add(note(statement, reason)));
    }

    private Translation finish() throws ImportRefusedException {
        Optional<Translation.Relationship> relationship = failover.relationship();
        for (PoolDraft pool : pools) {
            if (pool.peer != null && (relationship.isEmpty() || !relationship.get().name().equals(pool.peer))) {
                throw new ImportRefusedException(source, pool.line, "pool names failover peer \"" + pool.peer
                        + "\", which is not declared");
            }
            if (pool.peer == null && relationship.isPresent()) {
                untranslated.add(new Untranslated(pool.line, "pool { ... }", "has no failover peer statement, but"
                        + " Tandem's failover relationship covers every pool"));
            }
        }
        for (RangeDraft range : ranges) {
            place(range);
        }
        for (ConfStatement host : hosts) {
            reserve(host);
        }
        List<EtcFile> files = new ArrayList<>();
        failover.file().ifPresent(files::add);
        List<Subnet> served = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (SubnetDraft draft : subnets) {
            Subnet subnet;
            try {
                subnet = new Subnet(draft.subnet.network(), draft.subnet.prefixLength(), draft.pools);
            } catch (IllegalArgumentException e) {
                throw new ImportRefusedException(source, draft.line, e.getMessage());
            }
            served.add(subnet);
            files.add(subnetFile(draft, subnet, uniqueName(draft, names)));
        }
        untranslated.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Translation(files, served, relationship, untranslated);
    }

    /** Puts a range in its subnet: the one it was written in, else (in a shared network) the one holding it. */
    private void place(RangeDraft draft) throws ImportRefusedException {
        PoolRange range = draft.range();
        SubnetDraft home = draft.subnet();
        if (home == null) {
            home = subnets.stream().filter(s -> s.subnet.contains(range.first()) && s.subnet.contains(range.last()))
                    .findFirst().orElseThrow(() -> refused(draft.statement(), "the range is in no subnet"));
        }
        if (!home.subnet.contains(range.first()) || !home.subnet.contains(range.last())) {
            throw refused(draft.statement(), "the range is not inside subnet " + home.subnet);
        }
        home.pools.add(range);
    }

    private void reserve(ConfStatement host) throws ImportRefusedException {
        HostReservation reservation = HostReservation.of(host, untranslated);
        if (reservation == null) {
            return;
        }
        Optional<SubnetDraft> home = subnets.stream().filter(s -> s.subnet.contains(reservation.address()))
                .findFirst();
        if (home.isEmpty()) {
            untranslated.add(note(host, "fixed-address " + reservation.address() + " is in no subnet of this file"));
            return;
        }
        home.get().reservations.add(reservation.entry());
    }

    private static String uniqueName(SubnetDraft draft, Set<String> taken) {
        String base = draft.sharedNetwork != null
                ? draft.sharedNetwork.replaceAll("[^A-Za-z0-9_.-]", "_")
                : draft.subnet.network().toString().replace('.', '-') + "-" + draft.subnet.prefixLength();
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private EtcFile subnetFile(SubnetDraft draft, Subnet subnet, String name) {
        StringBuilder text = new StringBuilder();
        text.append("# Imported from ").append(source).append(" (subnet at line ").append(draft.line)
                .append(") by the Tandem importer.\n");
        text.append("# Lease times are ISC's where the file set none, so clients see what they saw before.\n");
        text.append("subnet = ").append(subnet).append('\n');
        text.append("pools = ").append(String.join(", ", subnet.pools().stream().map(PoolRange::toString)
                .toList())).append('\n');
        Map<String, String> parameters = leaseTimesAsIscGrantsThem(draft);
        parameters.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        if (!draft.reservations.isEmpty()) {
            text.append("reservations = ").append(String.join(", ", draft.reservations)).append('\n');
        }
        return new EtcFile("io.tandem.subnet-" + name + ".cfg", text.toString());
    }

    /**
     * Tandem wants minLeaseTime <= leaseTime <= maxLeaseTime; ISC accepts any three and grants the default raised to
     * the minimum, then cut to the maximum (a file with only {@code max-lease-time 60} grants 60 s, its default
     * minimum of 300 notwithstanding). The values are written so that Tandem grants what ISC did.
     */
    private Map<String, String> leaseTimesAsIscGrantsThem(SubnetDraft draft) {
        Map<String, String> parameters = draft.parameters.inEffect();
        long min = Long.parseLong(parameters.get("minLeaseTime"));
        long max = Long.parseLong(parameters.get("maxLeaseTime"));
        long lease = Long.parseLong(parameters.get("leaseTime"));
        if (max < TANDEM_MIN_LEASE_TIME) {
            untranslated.add(new Untranslated(draft.line, "subnet " + draft.subnet + " { ... }", "its longest lease"
                    + " is " + max + " s, under Tandem's shortest (" + TANDEM_MIN_LEASE_TIME + " s): leases last "
                    + TANDEM_MIN_LEASE_TIME + " s"));
            max = TANDEM_MIN_LEASE_TIME;
        }
        parameters.put("leaseTime", String.valueOf(Math.min(Math.max(lease, min), max)));
        parameters.put("minLeaseTime", String.valueOf(Math.max(TANDEM_MIN_LEASE_TIME, Math.min(min, max))));
        parameters.put("maxLeaseTime", String.valueOf(max));
        return parameters;
    }

    private static Untranslated note(ConfStatement statement, String reason) {
        return new Untranslated(statement.line(), statement.shown(), reason);
    }

    private ImportRefusedException refused(ConfStatement statement, String reason) {
        return new ImportRefusedException(source, statement.line(), statement.shown() + ": " + reason);
    }
}

package io.tandem.shell.admin;

import io.tandem.api.FailoverStatus;
import io.tandem.api.LeaseStoreHealth;
import io.tandem.api.FailoverView;
import io.tandem.api.PairAuditReport;
import io.tandem.api.PolicyStatus;
import io.tandem.api.PoolUsage;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.TrafficSnapshot;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * How leases, pools and traffic counters read for an operator: the one place both the shell and JMX take their
 * column names and text from. Times are ISO date-times to the second with their offset from UTC, in the JVM's zone.
 */
public final class Display {

    /** Shown for a field that has no value (an unset time, no host name). */
    public static final String NONE = "-";

    /** Columns of a lease table, one {@link #leaseRow} each. */
    public static final List<String> LEASE_COLUMNS =
            List.of("Address", "State", "MAC", "Client ID", "Hostname", "Start", "End");
    /** Columns of a pool table, one {@link #poolRow} each. */
    public static final List<String> POOL_COLUMNS =
            List.of("Subnet", "Size", "Free", "Offered", "Active", "Declined", "Reserved", "Used %");
    /** Columns of a traffic counter table, one {@link Counter} each. */
    public static final List<String> COUNTER_COLUMNS = List.of("Direction", "Message or reason", "Count");
    /** Columns of the allocation policy table, one {@link PolicyStatus} each. */
    public static final List<String> POLICY_COLUMNS =
            List.of("Active", "Name", "Bundle", "Ranking", "Served", "Refused", "Failed");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private final ZoneId zone;

    public Display(ZoneId zone) {
        this.zone = zone;
    }

    /** Times in the JVM's time zone, which is the operator's in a Karaf console. */
    public static Display local() {
        return new Display(ZoneId.systemDefault());
    }

    /** One traffic counter: {@code received}, {@code sent} or {@code dropped}, a message type or reason, a count. */
    public record Counter(String direction, String name, long count) {
    }

    /** An ISO date-time to the second with its offset ({@code 2026-11-24T10:00:00+01:00}), or {@link #NONE}. */
    public String time(Instant instant) {
        return instant.equals(Lease.UNSET) ? NONE : instant.atZone(zone).format(TIME);
    }

    /** Milliseconds with three decimals ({@code 0.420 ms}): DHCP replies take micro- to milliseconds. */
    public static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6);
    }

    /** Share of the pool in use as a percentage rounded to one decimal ({@code 87.5}). */
    public static double utilizationPercent(PoolUsage pool) {
        return Math.round(pool.utilization() * 1000) / 10.0;
    }

    /** The option 61 bytes in hex, or {@link #NONE} for a client known only by its hardware address. */
    public static String clientIdentifier(ClientId client) {
        if (client == null || client.kind() != ClientId.Kind.CLIENT_IDENTIFIER) {
            return NONE;
        }
        return HEX.formatHex(client.bytes());
    }

    /** The cells of a lease table row, in {@link #LEASE_COLUMNS} order. */
    public List<String> leaseRow(Lease lease) {
        return List.of(
                lease.address().toString(),
                lease.state().name(),
                orNone(lease.hardware()),
                clientIdentifier(lease.client()),
                orNone(lease.hostname()),
                time(lease.start()),
                time(lease.end()));
    }

    /** Every field of a lease, labelled, in a stable order. */
    public Map<String, String> leaseFields(Lease lease) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("address", lease.address().toString());
        fields.put("state", lease.state().name());
        fields.put("client", orNone(lease.client()));
        fields.put("mac", orNone(lease.hardware()));
        fields.put("hostname", orNone(lease.hostname()));
        fields.put("start", time(lease.start()));
        fields.put("end", time(lease.end()));
        fields.put("cltt", time(lease.cltt()));
        fields.put("tstp", time(lease.tstp()));
        fields.put("tsfp", time(lease.tsfp()));
        fields.put("atsfp", time(lease.atsfp()));
        fields.put("peer acknowledged", lease.isUnacknowledged() ? "no" : "yes");
        byte[] relay = lease.relayAgentInfo();
        fields.put("relay agent info", relay == null ? NONE : HEX.formatHex(relay));
        return fields;
    }

    /** Every field of a lease as {@code label: value} lines, labels aligned. */
    public List<String> leaseLines(Lease lease) {
        return aligned(leaseFields(lease));
    }

    /** {@code label: value} lines with the values aligned. */
    private static List<String> aligned(Map<String, String> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        List<String> lines = new ArrayList<>();
        fields.forEach((label, value) ->
                lines.add(String.format(Locale.ROOT, "%-" + width + "s %s", label + ":", value)));
        return lines;
    }

    /** The cells of a pool table row, in {@link #POOL_COLUMNS} order. */
    public static List<String> poolRow(PoolUsage pool) {
        return List.of(
                pool.subnet().toString(),
                Long.toString(pool.size()),
                Long.toString(pool.free()),
                Long.toString(pool.offered()),
                Long.toString(pool.active()),
                Long.toString(pool.declined()),
                Long.toString(pool.reservedActive()),
                String.format(Locale.ROOT, "%.1f", utilizationPercent(pool)));
    }

    /** Every counter of a snapshot: received, then sent, then dropped, each by name. */
    public static List<Counter> counters(TrafficSnapshot snapshot) {
        List<Counter> counters = new ArrayList<>();
        addCounters(counters, "received", snapshot.received());
        addCounters(counters, "sent", snapshot.sent());
        addCounters(counters, "dropped", snapshot.dropped());
        return counters;
    }

    private static void addCounters(List<Counter> counters, String direction, SortedMap<String, Long> counts) {
        counts.forEach((name, count) -> counters.add(new Counter(direction, name, count)));
    }

    /** The latency figures as one line: count, then p50 to max. */
    public static String latencyLine(TrafficSnapshot.Latency latency) {
        return "latency: count " + latency.count()
                + ", p50 " + millis(latency.p50())
                + ", p90 " + millis(latency.p90())
                + ", p99 " + millis(latency.p99())
                + ", p99.9 " + millis(latency.p999())
                + ", max " + millis(latency.max());
    }

    /** The allocation policy in use, or a warning that there is none and what that means for clients. */
    public static String policyLine(List<PolicyStatus> policies) {
        PolicyStatus active = policies.stream().filter(PolicyStatus::active).findFirst().orElseThrow();
        if (active.name().equals(PolicyStatus.FALLBACK)) {
            return "allocation policy: NONE INSTALLED: new clients get the address free the longest (core's fallback)"
                    + " until a policy is installed (feature:install tandem-policy-affinity)";
        }
        return "allocation policy: " + active.name();
    }

    /** One row per policy, as {@link #POLICY_COLUMNS}; the active one marked {@code *}, core's fallback last. */
    public static List<List<String>> policyRows(List<PolicyStatus> policies) {
        return policies.stream().map(policy -> List.of(policy.active() ? "*" : "", policy.name(),
                policy.name().equals(PolicyStatus.FALLBACK) ? policy.bundle() + " (fallback)" : policy.bundle(),
                policy.name().equals(PolicyStatus.FALLBACK) ? "-" : Integer.toString(policy.ranking()),
                Long.toString(policy.served()), Long.toString(policy.refused()), Long.toString(policy.failed())))
                .toList();
    }

    /** Which policy the operator chose and whether it is the one serving. */
    public static String choiceLine(Optional<String> chosen, List<PolicyStatus> policies) {
        if (chosen.isEmpty()) {
            return "chosen: none, the highest ranking serves (dhcp:policy use NAME chooses one)";
        }
        boolean serving = policies.stream().anyMatch(policy -> policy.active() && policy.name().equals(chosen.get()));
        return "chosen: " + chosen.get() + (serving ? "" : " (NOT INSTALLED: the highest ranking serves until it is)");
    }

    /** Whether the lease store can commit: one line, and for trouble a second saying what it means for clients. */
    public List<String> storeHealthLines(LeaseStoreHealth health) {
        if (health.condition() == LeaseStoreHealth.Condition.HEALTHY) {
            return List.of("lease store: healthy");
        }
        String meaning = switch (health.condition()) {
            case CHECKPOINTS_FAILING -> "commits go on into the journal, which grows until a checkpoint succeeds;"
                    + " retried with a growing pause";
            case COMMITS_FAILING -> "requests that need a stored lease get no answer (clients retry, renewing"
                    + " clients keep their address) until a commit succeeds; this clears at the first one that does";
            case BROKEN -> "no commit succeeds until the server is restarted";
            case HEALTHY -> throw new IllegalStateException("handled above");
        };
        return List.of("lease store: " + health.condition() + " since " + time(health.since()) + ": "
                + health.problem(), "  " + meaning);
    }

    /** When counting started. */
    public String sinceLine(TrafficSnapshot snapshot) {
        return "since " + time(snapshot.since());
    }

    /**
     * Settings in effect as lines: {@code [section] (pid PID)}, then {@code   key = value} aligned per section, a
     * blank line between sections.
     */
    public static List<String> settingsLines(List<SettingsInEffect> sections) {
        List<String> lines = new ArrayList<>();
        for (SettingsInEffect section : sections) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("[" + section.section() + "]" + (section.pid() == null ? "" : " pid " + section.pid()));
            int width = section.settings().keySet().stream().mapToInt(String::length).max().orElse(0);
            section.settings().forEach((key, value) ->
                    lines.add(String.format(Locale.ROOT, "  %-" + width + "s = %s", key, value)));
        }
        return lines;
    }

    /** The failover relationship as {@code label: value} lines. */
    public List<String> failoverLines(FailoverStatus status) {
        FailoverView view = status.view();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("role", view.role().name().toLowerCase(Locale.ROOT));
        fields.put("state", view.state() + " since " + time(view.stateSince()));
        fields.put("peer state", view.peerState().toString());
        fields.put("link", status.linked() ? "up" : "down");
        fields.put("last heard", time(status.lastHeard()));
        fields.put("MCLT", view.mclt().toSeconds() + " s");
        fields.put("load balancing", view.loadBalanceMaxSeconds() == 0 ? "off"
                : view.ownBuckets() + " here, up to secs " + view.loadBalanceMaxSeconds());
        fields.put("updates unacknowledged", status.unacknowledged() + " (" + status.inFlight() + " in flight)");
        return aligned(fields);
    }

    /**
     * What {@code dhcp:failover-audit} prints: how much was compared, then each finding, or that there is none.
     *
     * @param peerFile the peer's lease file as the operator named it
     */
    public static List<String> auditLines(PairAuditReport report, Path peerFile) {
        List<String> lines = new ArrayList<>();
        lines.add("leases compared: " + report.localLeases() + " here, " + report.peerLeases() + " in "
                + peerFile.toAbsolutePath());
        lines.add(report.fieldsCompared() ? "states and times compared: yes, both servers are NORMAL"
                : "states and times compared: no, the pair is not NORMAL (bindings and identities only)");
        if (report.clean()) {
            lines.add("pair audit: clean");
        } else {
            report.findings().forEach(lines::add);
            lines.add("pair audit: " + report.findings().size() + (report.findings().size() == 1 ? " finding"
                    : " findings"));
        }
        return lines;
    }

    /** What an operator is told after asking to release {@code address}. */
    public static String releaseHeadline(Ipv4Address address, Optional<Lease> released) {
        return released
                .map(lease -> "released " + address + " (client " + orNone(lease.client()) + ", MAC "
                        + orNone(lease.hardware()) + ")")
                .orElse("no active lease at " + address);
    }

    private static String orNone(Object value) {
        return value == null ? NONE : value.toString();
    }
}

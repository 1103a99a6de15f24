package io.tandem.shell.jmx;

import io.tandem.api.PolicyStatus;
import io.tandem.api.PoolUsage;
import io.tandem.shell.admin.Display;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The open types of {@link DhcpServerMBean}. Item names are the shell's column headers and field labels
 * ({@link Display}), so a JMX console and {@code dhcp:*} name things alike.
 */
final class OpenTypes {

    private static final CompositeType POOL = rowType("pool", Display.POOL_COLUMNS, List.of(SimpleType.STRING,
            SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
            SimpleType.DOUBLE));
    private static final TabularType POOLS = tableType("pools", POOL, Display.POOL_COLUMNS.subList(0, 1));

    private static final CompositeType COUNTER = rowType("counter", Display.COUNTER_COLUMNS,
            List.of(SimpleType.STRING, SimpleType.STRING, SimpleType.LONG));
    private static final TabularType COUNTERS = tableType("counters", COUNTER, Display.COUNTER_COLUMNS.subList(0, 2));

    private static final List<String> LATENCY_ITEMS = List.of("count", "p50", "p90", "p99", "p99.9", "max");
    private static final CompositeType LATENCY = rowType("latency", LATENCY_ITEMS, List.of(SimpleType.LONG,
            SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE));

    private static final CompositeType LEASE_ROW = rowType("leaseRow", Display.LEASE_COLUMNS,
            Collections.nCopies(Display.LEASE_COLUMNS.size(), SimpleType.STRING));
    private static final TabularType LEASES = tableType("leases", LEASE_ROW, Display.LEASE_COLUMNS.subList(0, 1));

    private static final CompositeType POLICY = rowType("policy", Display.POLICY_COLUMNS, List.of(SimpleType.BOOLEAN,
            SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.LONG, SimpleType.LONG,
            SimpleType.LONG));
    private static final TabularType POLICIES = tableType("policies", POLICY, Display.POLICY_COLUMNS.subList(1, 2));

    private OpenTypes() {
    }

    static TabularData newPolicies() {
        return new TabularDataSupport(POLICIES);
    }

    static CompositeData policy(PolicyStatus policy) {
        return data(POLICY, Display.POLICY_COLUMNS, List.of(policy.active(), policy.name(), policy.bundle(),
                policy.ranking(), policy.served(), policy.refused(), policy.failed()));
    }

    static TabularData newPools() {
        return new TabularDataSupport(POOLS);
    }

    static CompositeData pool(PoolUsage pool) {
        return data(POOL, Display.POOL_COLUMNS, List.of(pool.subnet().toString(), pool.size(), pool.free(),
                pool.offered(), pool.active(), pool.declined(), pool.reservedActive(), Display.utilizationPercent(pool)));
    }

    static TabularData newCounters() {
        return new TabularDataSupport(COUNTERS);
    }

    static CompositeData counter(String direction, String name, long count) {
        return data(COUNTER, Display.COUNTER_COLUMNS, List.of(direction, name, count));
    }

    /** Latency with every percentile in milliseconds. */
    static CompositeData latency(long count, double p50, double p90, double p99, double p999, double max) {
        return data(LATENCY, LATENCY_ITEMS, List.of(count, p50, p90, p99, p999, max));
    }

    static TabularData newLeases() {
        return new TabularDataSupport(LEASES);
    }

    /** A lease table row from {@link Display#leaseRow}. */
    static CompositeData leaseRow(List<String> cells) {
        return data(LEASE_ROW, Display.LEASE_COLUMNS, cells);
    }

    /** Every field of one lease from {@link Display#leaseFields}, each a string. */
    static CompositeData leaseFields(Map<String, String> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        CompositeType type = rowType("lease", names, Collections.nCopies(names.size(), SimpleType.STRING));
        return data(type, names, new ArrayList<>(fields.values()));
    }

    private static CompositeType rowType(String name, List<String> items, List<? extends OpenType<?>> types) {
        try {
            String[] itemNames = items.toArray(String[]::new);
            return new CompositeType(name, name, itemNames, itemNames, types.toArray(OpenType<?>[]::new));
        } catch (OpenDataException e) {
            throw new IllegalStateException("invalid open type " + name, e);
        }
    }

    private static TabularType tableType(String name, CompositeType row, List<String> index) {
        try {
            return new TabularType(name, name, row, index.toArray(String[]::new));
        } catch (OpenDataException e) {
            throw new IllegalStateException("invalid open type " + name, e);
        }
    }

    private static CompositeData data(CompositeType type, List<String> names, List<?> values) {
        try {
            return new CompositeDataSupport(type, names.toArray(String[]::new), values.toArray());
        } catch (OpenDataException e) {
            throw new IllegalStateException("values do not fit open type " + type.getTypeName(), e);
        }
    }
}

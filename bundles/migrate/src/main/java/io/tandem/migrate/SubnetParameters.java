package io.tandem.migrate;

import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dhcpd.conf parameters and options that have a key in Tandem's subnet file, how their values translate, and
 * which other statements need no translation because Tandem already behaves that way.
 */
final class SubnetParameters {

    private static final Map<String, String> LEASE_TIMES = Map.of(
            "default-lease-time", "leaseTime", "max-lease-time", "maxLeaseTime", "min-lease-time", "minLeaseTime");
    private static final Map<String, String> OPTIONS = Map.of(
            "routers", "routers", "domain-name-servers", "dnsServers", "ntp-servers", "ntpServers",
            "domain-name", "domainName", "domain-search", "domainSearch",
            "dhcp-renewal-time", "renewalTime", "dhcp-rebinding-time", "rebindingTime");
    private static final List<String> ADDRESS_KEYS = List.of("routers", "dnsServers", "ntpServers");
    private static final List<String> SECONDS_KEYS = List.of(
            "leaseTime", "maxLeaseTime", "minLeaseTime", "renewalTime", "rebindingTime");

    private SubnetParameters() {
    }

    /** The Tandem key a parameter or option statement sets, if it has one. */
    static Optional<String> keyOf(ConfStatement statement) {
        if (statement.startsWith("option") && statement.words().size() > 2) {
            return Optional.ofNullable(OPTIONS.get(statement.word(1).toLowerCase()));
        }
        return statement.words().size() == 2
                ? Optional.ofNullable(LEASE_TIMES.get(statement.word(0).toLowerCase()))
                : Optional.empty();
    }

    /** The value for {@code key}, or empty if the statement's value does not fit it (see {@link #whyNot}). */
    static Optional<String> valueOf(ConfStatement statement, String key) {
        List<String> values = statement.values(statement.startsWith("option") ? 2 : 1);
        try {
            if (ADDRESS_KEYS.contains(key)) {
                values.forEach(Ipv4Address::parse);
                return Optional.of(String.join(", ", values));
            }
            if (SECONDS_KEYS.contains(key)) {
                long seconds = Long.parseLong(values.get(0));
                return values.size() == 1 && seconds >= 0 ? Optional.of(String.valueOf(seconds)) : Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean simple = values.stream().noneMatch(value -> value.contains(",") || value.isBlank());
        return simple ? Optional.of(String.join(", ", values)) : Optional.empty();
    }

    /** Why {@link #valueOf} found nothing for {@code key}. */
    static String whyNot(ConfStatement statement, String key) {
        if (ADDRESS_KEYS.contains(key)) {
            return "Tandem's " + key + " takes IPv4 addresses, not host names or expressions";
        }
        if (SECONDS_KEYS.contains(key)) {
            return "Tandem's " + key + " takes one number of seconds";
        }
        return "the value does not fit Tandem's " + key;
    }

    /**
     * Nothing for a statement Tandem follows without a setting; otherwise the reason it is not translated.
     *
     * @param subnet the subnet the statement is in, null outside subnets
     */
    static Optional<String> noteUnlessBuiltIn(ConfStatement statement, Subnet subnet) {
        String first = statement.word(0).toLowerCase();
        if (statement.startsWith("authoritative") || statement.startsWith("deny", "dynamic", "bootp", "clients")
                || statement.startsWith("deny", "bootp") || statement.startsWith("ddns-update-style", "none")) {
            return Optional.empty();
        }
        if (statement.startsWith("option", "subnet-mask") || statement.startsWith("option", "broadcast-address")) {
            return derived(statement, subnet);
        }
        if (statement.startsWith("not", "authoritative")) {
            return Optional.of("Tandem is authoritative for the subnets it serves: it NAKs a request for an address"
                    + " it cannot give");
        }
        if (first.startsWith("ddns-") || first.startsWith("update-")) {
            return Optional.of("Tandem does no DNS updates");
        }
        if (first.equals("log-facility")) {
            return Optional.of("Tandem logs through Karaf: etc/org.ops4j.pax.logging.cfg");
        }
        if (first.equals("ping-check") || first.equals("ping-timeout")) {
            return Optional.of("Tandem does not ping an address before offering it");
        }
        if (first.equals("include")) {
            return Optional.of("the included file is not read: import the statements it holds by hand");
        }
        if (first.equals("option")) {
            return Optional.of("Tandem does not send option " + statement.word(1));
        }
        return Optional.of("no Tandem equivalent");
    }

    /** Tandem sends the mask and broadcast address of the subnet itself; only a different value is worth a note. */
    private static Optional<String> derived(ConfStatement statement, Subnet subnet) {
        String value = statement.word(2);
        boolean mask = statement.word(1).equalsIgnoreCase("subnet-mask");
        if (subnet != null && value.equals((mask ? subnet.mask() : subnet.broadcast()).toString())) {
            return Optional.empty();
        }
        return Optional.of("Tandem sends the " + (mask ? "mask" : "broadcast address") + " of each subnet it"
                + " serves" + (subnet == null ? "" : ", " + (mask ? subnet.mask() : subnet.broadcast())));
    }
}

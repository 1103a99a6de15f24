package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.ClasslessRoute;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the properties of one {@code io.tandem.subnet} configuration into {@link SubnetSettings}, or refuses them
 * with the key and the reason. Reads raw Config Admin values so that a {@code .cfg} list written as
 * {@code a, b} and a real array mean the same.
 */
final class SubnetSettingsParser {

    private final String pid;
    private final String name;
    private final Map<String, ?> properties;

    private SubnetSettingsParser(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.name = ConfigurationNames.of(SubnetComponent.FACTORY_PID, pid, properties);
        this.properties = properties;
    }

    static SubnetSettings parse(String pid, Map<String, ?> properties) throws ConfigurationRejectedException {
        return new SubnetSettingsParser(pid, properties).parse();
    }

    private SubnetSettings parse() throws ConfigurationRejectedException {
        List<String> cidr = strings("subnet");
        if (cidr.size() != 1) {
            throw refuse("subnet", "exactly one subnet in CIDR notation is required, e.g. 192.0.2.0/24");
        }
        Subnet bare = value("subnet", cidr.get(0), text -> Subnet.parse(text, List.of()));
        List<PoolRange> pools = list("pools", PoolRange::parse);
        Subnet subnet;
        try {
            subnet = new Subnet(bare.network(), bare.prefixLength(), pools);
        } catch (IllegalArgumentException e) {
            throw refuse("pools", e.getMessage());
        }
        String domainName = String.join("", strings("domainName"));
        if (domainName.length() > 253) {
            throw refuse("domainName", "longer than 253 characters");
        }
        return new SubnetSettings(pid, name, subnet,
                list("routers", Ipv4Address::parse),
                list("dnsServers", Ipv4Address::parse),
                domainName.isEmpty() ? Optional.empty() : Optional.of(domainName),
                strings("domainSearch"),
                list("ntpServers", Ipv4Address::parse),
                list("classlessRoutes", SubnetSettingsParser::route),
                leaseTimes(),
                reservations(subnet));
    }

    private LeaseTimes leaseTimes() throws ConfigurationRejectedException {
        long lease = seconds("leaseTime", 3600);
        long min = seconds("minLeaseTime", Math.min(300, lease));
        long max = seconds("maxLeaseTime", Math.max(86_400, lease));
        long t1 = seconds("renewalTime", 0);
        long t2 = seconds("rebindingTime", 0);
        if (min < 60) {
            throw refuse("minLeaseTime", "must be at least 60 seconds");
        }
        if (lease < min || lease > max) {
            throw refuse("leaseTime", lease + " is not between minLeaseTime " + min + " and maxLeaseTime " + max);
        }
        if (max > 0xffff_fffeL) {
            throw refuse("maxLeaseTime", "must be below 4294967295 seconds");
        }
        if (t2 != 0 && t1 >= t2) {
            throw refuse("renewalTime", "must be below rebindingTime " + t2);
        }
        return new LeaseTimes(lease, min, max, t1, t2);
    }

    private Reservations reservations(Subnet subnet) throws ConfigurationRejectedException {
        Map<HardwareAddress, Ipv4Address> byHardware = new LinkedHashMap<>();
        Map<ClientId, Ipv4Address> byClientId = new LinkedHashMap<>();
        List<Ipv4Address> seen = new ArrayList<>();
        for (String entry : strings("reservations")) {
            int eq = entry.lastIndexOf('=');
            if (eq < 0) {
                throw refuse("reservations", "'" + entry + "' is not MAC=ADDRESS or id:HEX=ADDRESS");
            }
            String who = entry.substring(0, eq).trim();
            Ipv4Address address = value("reservations", entry.substring(eq + 1).trim(), Ipv4Address::parse);
            if (!subnet.contains(address) || address.equals(subnet.network()) || address.equals(subnet.broadcast())) {
                throw refuse("reservations", address + " is not a host address of " + subnet);
            }
            if (seen.contains(address)) {
                throw refuse("reservations", address + " is reserved twice");
            }
            seen.add(address);
            Ipv4Address previous = who.startsWith("id:")
                    ? byClientId.put(value("reservations", who.substring(3), SubnetSettingsParser::clientId), address)
                    : byHardware.put(value("reservations", who, HardwareAddress::parseEthernet), address);
            if (previous != null) {
                throw refuse("reservations", who + " has two reservations");
            }
        }
        return new Reservations(byHardware, byClientId);
    }

    private static ClientId clientId(String hex) {
        return ClientId.fromClientIdentifier(HexFormat.of().parseHex(hex.replace(":", "").trim()));
    }

    private static ClasslessRoute route(String text) {
        int eq = text.indexOf('=');
        int slash = text.indexOf('/');
        if (eq < 0 || slash < 0 || slash > eq) {
            throw new IllegalArgumentException("'" + text + "' is not DESTINATION/PREFIX=ROUTER");
        }
        return new ClasslessRoute(Ipv4Address.parse(text.substring(0, slash).trim()),
                Integer.parseInt(text.substring(slash + 1, eq).trim()), Ipv4Address.parse(text.substring(eq + 1).trim()));
    }

    private long seconds(String key, long fallback) throws ConfigurationRejectedException {
        List<String> values = strings(key);
        if (values.isEmpty()) {
            return fallback;
        }
        long seconds = value(key, values.get(0), Long::parseLong);
        if (values.size() > 1 || seconds < 0) {
            throw refuse(key, "'" + String.join(",", values) + "' is not one number of seconds");
        }
        return seconds;
    }

    private <T> List<T> list(String key, Function<String, T> parser) throws ConfigurationRejectedException {
        List<T> parsed = new ArrayList<>();
        for (String text : strings(key)) {
            parsed.add(value(key, text, parser));
        }
        return parsed;
    }

    private <T> T value(String key, String text, Function<String, T> parser) throws ConfigurationRejectedException {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw refuse(key, "'" + text + "' is invalid: " + e.getMessage());
        }
    }

    /** The non-empty, trimmed, comma-separated strings of {@code key}, from a String, an array or a collection. */
    private List<String> strings(String key) {
        Object raw = properties.get(key);
        List<String> parts = new ArrayList<>();
        Collection<?> values = raw == null ? List.of()
                : raw instanceof Collection<?> collection ? collection
                : raw instanceof Object[] array ? Arrays.asList(array)
                : List.of(raw);
        for (Object value : values) {
            for (String part : String.valueOf(value).split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    private ConfigurationRejectedException refuse(String key, String reason) {
        return new ConfigurationRejectedException(pid, name, key, reason);
    }
}

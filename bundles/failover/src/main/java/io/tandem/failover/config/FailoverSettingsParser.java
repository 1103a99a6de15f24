package io.tandem.failover.config;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.protocol.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the properties of PID {@value #PID} into {@link FailoverSettings}, or refuses them with the key and the
 * reason. Reads raw Config Admin values, so that a key left out (MCLT on the secondary must be) can be told from a
 * key set to its default, and a {@code .cfg} string and a typed number mean the same.
 */
public final class FailoverSettingsParser {

    /** The configuration PID. */
    public static final String PID = "io.tandem.failover";

    static final int DEFAULT_PORT = 647;
    static final int DEFAULT_LOAD_BALANCE_MAX_SECONDS = 3;
    static final int DEFAULT_MAX_RESPONSE_DELAY = 20;
    static final int DEFAULT_MAX_UNACKED_UPDATES = 100;
    static final int DEFAULT_MAX_LEASE_MISBALANCE = FailoverView.ISC_MAX_LEASE_MISBALANCE;
    static final int DEFAULT_MAX_LEASE_OWNERSHIP = FailoverView.ISC_MAX_LEASE_OWNERSHIP;
    static final int DEFAULT_MIN_BALANCE = 60;
    static final int DEFAULT_MAX_BALANCE = 3600;
    /** Times and counts travel as 32-bit unsigned numbers in CONNECT. */
    private static final long MAX_U32 = 0xffff_ffffL;

    private final Map<String, ?> properties;

    private FailoverSettingsParser(Map<String, ?> properties) {
        this.properties = properties;
    }

    /** The settings of {@code properties}; the first bad value is refused. */
    public static FailoverSettings parse(Map<String, ?> properties) throws ConfigurationRejectedException {
        return new FailoverSettingsParser(properties).parse();
    }

    private FailoverSettings parse() throws ConfigurationRejectedException {
        FailoverRole role = role();
        boolean primary = role == FailoverRole.PRIMARY;
        Ipv4Address localAddress = address("localAddress");
        int localPort = (int) number("localPort", DEFAULT_PORT, 1, 65_535);
        Ipv4Address peerAddress = address("peerAddress");
        int peerPort = (int) number("peerPort", DEFAULT_PORT, 1, 65_535);
        if (localAddress.equals(peerAddress) && localPort == peerPort) {
            throw refuse("peerAddress", "the peer " + peerAddress + " port " + peerPort + " is this server itself");
        }
        int minBalance = (int) number("minBalance", DEFAULT_MIN_BALANCE, 1, Integer.MAX_VALUE);
        int maxBalance = (int) number("maxBalance", DEFAULT_MAX_BALANCE, 1, Integer.MAX_VALUE);
        if (minBalance > maxBalance) {
            throw refuse("minBalance", minBalance + " is above maxBalance " + maxBalance);
        }
        if (!primary) {
            primaryOnly("mclt");
            primaryOnly("split");
            primaryOnly("hba");
        }
        return new FailoverSettings(role, relationshipName(), localAddress, localPort, peerAddress, peerPort,
                primary ? Optional.of(Duration.ofSeconds(mclt())) : Optional.empty(),
                primary ? Optional.of(buckets()) : Optional.empty(),
                (int) number("loadBalanceMaxSeconds", DEFAULT_LOAD_BALANCE_MAX_SECONDS, 0, 65_535),
                // CONTACT goes every third of it, in whole seconds: below 3 there would be no interval left.
                Duration.ofSeconds(number("maxResponseDelay", DEFAULT_MAX_RESPONSE_DELAY, 3, MAX_U32)),
                (int) number("maxUnackedUpdates", DEFAULT_MAX_UNACKED_UPDATES, 1, Integer.MAX_VALUE),
                Duration.ofSeconds(number("autoPartnerDown", 0, 0, MAX_U32)),
                (int) number("maxLeaseMisbalance", DEFAULT_MAX_LEASE_MISBALANCE, 0, 100),
                (int) number("maxLeaseOwnership", DEFAULT_MAX_LEASE_OWNERSHIP, 0, 100),
                Duration.ofSeconds(minBalance), Duration.ofSeconds(maxBalance));
    }

    private FailoverRole role() throws ConfigurationRejectedException {
        String role = required("role").toLowerCase(Locale.ROOT);
        return switch (role) {
            case "primary" -> FailoverRole.PRIMARY;
            case "secondary" -> FailoverRole.SECONDARY;
            default -> throw refuse("role", "'" + role + "' is neither primary nor secondary");
        };
    }

    private String relationshipName() throws ConfigurationRejectedException {
        String name = required("relationshipName");
        if (name.length() > 255 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(name)) {
            throw refuse("relationshipName", "must be at most 255 ISO-8859-1 characters, as CONNECT carries it");
        }
        return name;
    }

    private Ipv4Address address(String key) throws ConfigurationRejectedException {
        String text = required(key);
        Ipv4Address address;
        try {
            address = Ipv4Address.parse(text);
        } catch (RuntimeException e) {
            throw refuse(key, "'" + text + "' is not an IPv4 address: " + e.getMessage());
        }
        if (address.equals(Ipv4Address.ANY) || address.equals(Ipv4Address.BROADCAST)) {
            throw refuse(key, address + " names no single server");
        }
        return address;
    }

    private long mclt() throws ConfigurationRejectedException {
        if (text("mclt").isEmpty()) {
            throw refuse("mclt", "the primary needs an MCLT in seconds (the secondary learns it from the primary)");
        }
        return number("mclt", 0, 1, MAX_U32);
    }

    /** The primary's buckets: exactly one of split and hba. */
    private HashBuckets buckets() throws ConfigurationRejectedException {
        Optional<String> split = text("split");
        Optional<String> hba = text("hba");
        if (split.isPresent() && hba.isPresent()) {
            throw refuse("hba", "split and hba say the same thing; set only one of them");
        }
        if (hba.isPresent()) {
            String hex = hba.get().replaceAll("[:\\s]", "");
            try {
                return HashBuckets.of(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                throw refuse("hba", "'" + hba.get() + "' is not 32 hex bytes: " + e.getMessage());
            }
        }
        if (split.isEmpty()) {
            throw refuse("split", "the primary needs split (0-256) or hba to divide the load between the pair");
        }
        return HashBuckets.split((int) number("split", 0, 0, 256));
    }

    /** Refuses on the secondary a value the primary sets for both (ISC refuses it there too). */
    private void primaryOnly(String key) throws ConfigurationRejectedException {
        if (text(key).isPresent()) {
            throw refuse(key, "only the primary sets " + key + "; the secondary learns it from the primary's CONNECT");
        }
    }

    private long number(String key, long fallback, long min, long max) throws ConfigurationRejectedException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw refuse(key, "'" + text.get() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw refuse(key, value + " is outside " + min + "-" + max);
        }
        return value;
    }

    private String required(String key) throws ConfigurationRejectedException {
        return text(key).orElseThrow(() -> refuse(key, "is required"));
    }

    /** The trimmed value of {@code key}; an empty one counts as absent, as an uncommented "key =" line is. */
    private Optional<String> text(String key) {
        Object raw = properties.get(key);
        String text = raw == null ? "" : String.valueOf(raw).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static ConfigurationRejectedException refuse(String key, String reason) {
        return new ConfigurationRejectedException(PID, null, key, reason);
    }
}

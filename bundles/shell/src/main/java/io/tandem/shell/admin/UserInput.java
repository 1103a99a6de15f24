package io.tandem.shell.admin;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses what an operator typed, in the shell or as a JMX argument. Every method throws
 * {@link IllegalArgumentException} with a one-line message naming the input and what was expected.
 */
public final class UserInput {

    private UserInput() {
    }

    /** A dotted-quad IPv4 address. */
    public static Ipv4Address address(String text) {
        try {
            return Ipv4Address.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
    }

    /** True if {@code text} reads as an IPv4 address (and so not as a MAC address). */
    public static boolean isAddress(String text) {
        return text.trim().matches("[0-9.]+");
    }

    /** An Ethernet MAC address, six hex octets separated by colons or dashes. */
    public static HardwareAddress mac(String text) {
        try {
            return HardwareAddress.parseEthernet(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected 52:54:00:12:34:56)");
        }
    }

    /** A binding state by name, any case ({@code active}, {@code RELEASED}). */
    public static BindingState state(String text) {
        try {
            return BindingState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a lease state: '" + text + "' (one of " + String.join(", ", stateNames()) + ")");
        }
    }

    /** The names {@link #state} accepts, lower case, in declaration order. */
    public static List<String> stateNames() {
        return Arrays.stream(BindingState.values()).map(state -> state.name().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The identity of a client that sends a client identifier (option 61), written in hex with or without {@code :}
     * or {@code -} between octets ({@code 01:52:54:00:12:34:56}, {@code 01525400123456}).
     */
    public static ClientId clientIdentifier(String text) {
        String digits = text.trim().replace(":", "").replace("-", "");
        if (digits.length() < 4 || digits.length() > 510 || digits.length() % 2 != 0
                || !digits.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("not a client identifier: '" + text
                    + "' (expected 2 to 255 hex octets, as 01:52:54:00:12:34:56)");
        }
        return ClientId.fromClientIdentifier(HexFormat.of().parseHex(digits));
    }

    /** The served subnet written as {@code text} in CIDR notation. */
    public static Subnet servedSubnet(String text, List<Subnet> served) {
        Subnet wanted;
        try {
            wanted = Subnet.parse(text.trim(), List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a subnet: '" + text + "' (" + e.getMessage()
                    + "; expected ADDRESS/PREFIX, as 192.0.2.0/24)");
        }
        return served.stream()
                .filter(subnet -> subnet.network().equals(wanted.network())
                        && subnet.prefixLength() == wanted.prefixLength())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("subnet " + wanted + " is not served (served: "
                        + (served.isEmpty() ? "none" : served.stream().map(Subnet::toString)
                                .collect(Collectors.joining(", "))) + ")"));
    }
}

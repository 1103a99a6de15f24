package io.tandem.migrate;

import io.tandem.isc.IscTokenizer.Kind;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code host} declaration with a fixed address, as one entry of a Tandem subnet's {@code reservations}:
 * {@code MAC=ADDRESS}, or {@code id:HEX=ADDRESS} when the host is matched by client identifier (ISC looks the
 * identifier up first, so Tandem keeps that one).
 *
 * @param address the fixed address
 * @param entry the reservations entry
 */
record HostReservation(Ipv4Address address, String entry) {

    /**
     * The reservation a host declaration makes, or null if it makes none (then why is added to {@code notes}).
     * Statements of the host that a reservation cannot carry are added to {@code notes} too.
     */
    static HostReservation of(ConfStatement host, List<Untranslated> notes) {
        String hardware = null;
        String clientId = null;
        Ipv4Address address = null;
        for (ConfStatement statement : host.block().orElseThrow()) {
            if (statement.startsWith("hardware", "ethernet") && statement.words().size() == 3) {
                hardware = ethernet(statement.word(2));
            } else if (statement.startsWith("fixed-address") && statement.values(1).size() == 1) {
                address = ipv4(statement.word(1));
            } else if (statement.startsWith("option", "dhcp-client-identifier") && statement.words().size() == 3) {
                clientId = identifier(statement);
            } else if (statement.startsWith("host-identifier", "option", "dhcp-client-identifier")
                    && statement.words().size() == 4) {
                clientId = identifier(new ConfStatement(statement.line(), statement.words().subList(1, 4),
                        statement.block()));
            } else {
                notes.add(new Untranslated(statement.line(), statement.shown(), "in host " + host.word(1)
                        + ": Tandem's reservations carry an address only"));
            }
        }
        String who = clientId != null ? "id:" + clientId : hardware;
        String problem = address == null ? "no fixed-address that is one IPv4 address: nothing to reserve"
                : who == null ? "no ethernet address or client identifier to reserve it for" : null;
        if (problem != null) {
            notes.add(new Untranslated(host.line(), host.shown(), problem));
            return null;
        }
        return new HostReservation(address, who + "=" + address);
    }

    private static String ethernet(String text) {
        try {
            return HardwareAddress.parseEthernet(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Ipv4Address ipv4(String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A client identifier written as a string (its bytes) or as colon-separated hex, as hex. */
    private static String identifier(ConfStatement statement) {
        if (statement.words().get(2).kind() == Kind.STRING) {
            return HexFormat.of().formatHex(statement.word(2).getBytes(StandardCharsets.ISO_8859_1));
        }
        try {
            StringBuilder hex = new StringBuilder();
            for (String octet : statement.word(2).split(":")) {
                hex.append(String.format("%02x", Integer.parseInt(octet, 16)));
            }
            return hex.toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

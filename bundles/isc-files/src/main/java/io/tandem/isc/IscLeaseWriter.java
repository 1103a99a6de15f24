package io.tandem.isc;

import io.tandem.api.FailoverState;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes leases as ISC dhcpd 4.4 writes {@code dhcpd.leases} (failover-protocol.md §7.2), so that one reader,
 * {@link IscLeaseFile}, takes a Tandem peer's export and an ISC peer's own file alike. Every time field is written,
 * unset ones as 1970, because a missing {@code tstp} would read back as {@code ends}. A hardware client identity is
 * written as {@code hardware}, an option 61 identity as {@code uid}; relay agent information is not written (ISC
 * keeps it in {@code option agent.*} statements the audit does not compare).
 *
 * <p>Text is ISO-8859-1, one char per byte: a {@code uid} or host name byte that is not printable ASCII is an
 * octal escape, as ISC writes it.
 */
public final class IscLeaseWriter {

    private final Appendable out;

    /**
     * Starts a file on {@code out} (a file's writer, or a {@code StringBuilder}) with the header ISC writes. Each
     * lease is written as it is given: a store of any size is exported without holding its text.
     */
    public IscLeaseWriter(Appendable out) throws IOException {
        this.out = out;
        out.append("# The format of this file is documented in the dhcpd.leases(5) manual page.\n")
                .append("# Written by Tandem for a failover audit.\n\n")
                .append("authoring-byte-order little-endian;\n\n");
    }

    /**
     * Appends one lease block.
     *
     * @throws IllegalArgumentException for an OFFERED lease, which is only ever held in memory (invariant 1)
     */
    public IscLeaseWriter lease(Lease lease) throws IOException {
        if (lease.state() == BindingState.OFFERED) {
            throw new IllegalArgumentException("lease " + lease.address() + " is OFFERED: an offer is never stored");
        }
        out.append("lease ").append(lease.address().toString()).append(" {\n");
        time("starts", lease.start());
        time("ends", lease.end());
        time("tstp", lease.tstp());
        time("tsfp", lease.tsfp());
        time("atsfp", lease.atsfp());
        time("cltt", lease.cltt());
        out.append("  binding state ").append(keyword(lease.state())).append(";\n");
        if (lease.rewind() != null) {
            out.append("  rewind binding state ").append(keyword(lease.rewind())).append(";\n");
        }
        Optional<HardwareAddress> hardware = hardware(lease);
        if (hardware.isPresent()) {
            out.append("  hardware ").append(hardwareType(hardware.get().type())).append(' ')
                    .append(colonHex(hardware.get().bytes())).append(";\n");
        }
        ClientId client = lease.client();
        if (client != null && client.kind() == ClientId.Kind.CLIENT_IDENTIFIER) {
            out.append("  uid ").append(quoted(client.bytes())).append(";\n");
        }
        if (lease.hostname() != null) {
            out.append("  client-hostname ")
                    .append(quoted(lease.hostname().getBytes(StandardCharsets.ISO_8859_1)))
                    .append(";\n");
        }
        out.append("}\n");
        return this;
    }

    /**
     * Appends the relationship's state block: this server's state and since when, and the MCLT. The partner's
     * state is left out: this server does not know since when the partner is in it, and ISC's block needs a time.
     */
    public IscLeaseWriter failoverPeer(String relationship, FailoverState state, Instant since, Duration mclt)
            throws IOException {
        out.append("failover peer ").append(quoted(relationship.getBytes(StandardCharsets.ISO_8859_1)))
                .append(" state {\n  my state ").append(state.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append(" at ").append(date(since)).append(";\n  mclt ").append(Long.toString(mclt.toSeconds()))
                .append(";\n}\n");
        return this;
    }

    /** The lease's hardware address, or the one its hardware-kind identity carries. */
    private static Optional<HardwareAddress> hardware(Lease lease) {
        return lease.hardware() != null ? Optional.of(lease.hardware())
                : Optional.ofNullable(lease.client()).flatMap(ClientId::hardware);
    }

    private void time(String keyword, Instant time) throws IOException {
        out.append("  ").append(keyword).append(' ').append(date(time)).append(";\n");
    }

    /** {@code W YYYY/MM/DD HH:MM:SS} in UTC, W the weekday with Sunday 0. */
    private static String date(Instant time) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d %04d/%02d/%02d %02d:%02d:%02d", utc.getDayOfWeek().getValue() % 7,
                utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(),
                utc.getSecond());
    }

    private static String keyword(BindingState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String hardwareType(int type) {
        return IscLeaseParser.HARDWARE_TYPES.entrySet().stream().filter(entry -> entry.getValue() == type)
                .map(Map.Entry::getKey).findFirst().orElse(IscLeaseParser.UNKNOWN_HARDWARE_TYPE + type);
    }

    private static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    /** A quoted string: printable ASCII as is, {@code "} and {@code \} and every other byte as a 3-digit octal. */
    private static String quoted(byte[] bytes) {
        StringBuilder quoted = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                quoted.append((char) c);
            } else {
                quoted.append('\\').append(String.format(Locale.ROOT, "%03o", c));
            }
        }
        return quoted.append('"').toString();
    }
}

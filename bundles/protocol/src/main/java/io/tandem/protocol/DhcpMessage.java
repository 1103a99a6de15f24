package io.tandem.protocol;

import static io.tandem.protocol.WireLayout.CHADDR;
import static io.tandem.protocol.WireLayout.CHADDR_LENGTH;
import static io.tandem.protocol.WireLayout.CIADDR;
import static io.tandem.protocol.WireLayout.FILE;
import static io.tandem.protocol.WireLayout.FILE_LENGTH;
import static io.tandem.protocol.WireLayout.FLAGS;
import static io.tandem.protocol.WireLayout.GIADDR;
import static io.tandem.protocol.WireLayout.HEADER_LENGTH;
import static io.tandem.protocol.WireLayout.HLEN;
import static io.tandem.protocol.WireLayout.HOPS;
import static io.tandem.protocol.WireLayout.HTYPE;
import static io.tandem.protocol.WireLayout.OP;
import static io.tandem.protocol.WireLayout.SECS;
import static io.tandem.protocol.WireLayout.SIADDR;
import static io.tandem.protocol.WireLayout.SNAME;
import static io.tandem.protocol.WireLayout.SNAME_LENGTH;
import static io.tandem.protocol.WireLayout.XID;
import static io.tandem.protocol.WireLayout.YIADDR;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One DHCPv4 (or plain BOOTP) message: the fixed header of RFC 2131 §2 and its {@link DhcpOptions}. Immutable
 * and validated: decoded messages come from {@link DhcpDecoder}, new ones from {@link #builder()} or
 * {@link #replyTo(DhcpMessage)}, and no getter throws.
 *
 * <p>Typed option getters return an empty {@code Optional} when the option is absent; list-valued ones return
 * an empty list instead (a present list option is never empty). Text options are read byte for byte
 * (ISO-8859-1) with trailing NULs removed. Durations are unsigned 32-bit seconds, 0xffffffff meaning infinity.
 * Raw bytes of every option, interpreted or not, are in {@link #options()}.
 *
 * <p>Two messages are equal when their 236 header bytes and their options (in order) are equal.
 */
public final class DhcpMessage {

    /** op of a message from client to server. */
    public static final int BOOTREQUEST = 1;
    /** op of a message from server to client. */
    public static final int BOOTREPLY = 2;
    /** The BROADCAST bit of flags (RFC 2131 §2). */
    public static final int BROADCAST_FLAG = 0x8000;
    /** A lease time meaning "never expires". */
    public static final long INFINITE_LEASE = 0xffff_ffffL;

    /** At least the 236 header bytes; only those are read. */
    private final byte[] header;
    private final DhcpOptions options;

    /** Takes ownership of {@code header}. */
    DhcpMessage(byte[] header, DhcpOptions options) {
        this.header = header;
        this.options = options;
    }

    /** A builder for a new BOOTREQUEST with an empty header and no options. */
    public static Builder builder() {
        return new Builder(new byte[HEADER_LENGTH], new LinkedHashMap<>()).op(BOOTREQUEST);
    }

    /**
     * A builder for the reply to {@code request}, per RFC 2131 §4.3.1 table 3: op BOOTREPLY; htype, hlen,
     * chaddr, xid, flags and giaddr copied; hops and secs zero; and the relay agent information option 82
     * echoed, which RFC 3046 §2.2 requires. Everything else, message type included, is the caller's choice.
     */
    public static Builder replyTo(DhcpMessage request) {
        byte[] header = new byte[HEADER_LENGTH];
        header[OP] = BOOTREPLY;
        System.arraycopy(request.header, HTYPE, header, HTYPE, 2);
        System.arraycopy(request.header, XID, header, XID, 4);
        System.arraycopy(request.header, FLAGS, header, FLAGS, 2);
        System.arraycopy(request.header, GIADDR, header, GIADDR, 4);
        System.arraycopy(request.header, CHADDR, header, CHADDR, CHADDR_LENGTH);
        Builder reply = new Builder(header, new LinkedHashMap<>());
        request.relayAgentInformation().ifPresent(reply::relayAgentInformation);
        return reply;
    }

    /** A builder starting from this message's header and options. */
    public Builder toBuilder() {
        Map<Integer, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < options.size(); i++) {
            values.put(options.code(i), options.value(i));
        }
        return new Builder(Arrays.copyOf(header, HEADER_LENGTH), values);
    }

    /** The header bytes, for the encoder; never modify. */
    byte[] header() {
        return header;
    }

    // ---- fixed header ----

    /** op: {@link #BOOTREQUEST} or {@link #BOOTREPLY} (other values are kept as received). */
    public int op() {
        return Bytes.u8(header, OP);
    }

    /** htype: the ARP hardware type of chaddr. */
    public int htype() {
        return Bytes.u8(header, HTYPE);
    }

    /** hlen: the length of the hardware address in chaddr, 0-16. */
    public int hlen() {
        return Bytes.u8(header, HLEN);
    }

    /** hops: relay agents passed. */
    public int hops() {
        return Bytes.u8(header, HOPS);
    }

    /** xid: the transaction id chosen by the client. */
    public int xid() {
        return Bytes.i32(header, XID);
    }

    /** secs: seconds since the client began acquiring or renewing, 0-65535. */
    public int secs() {
        return Bytes.u16(header, SECS);
    }

    /** flags, 0-65535; see {@link #broadcast()}. */
    public int flags() {
        return Bytes.u16(header, FLAGS);
    }

    /** True if the client asked for broadcast replies (the BROADCAST flag). */
    public boolean broadcast() {
        return (flags() & BROADCAST_FLAG) != 0;
    }

    /** ciaddr: the client's address when it already has one (renewing, rebinding, informing). */
    public Ipv4Address ciaddr() {
        return Ipv4Address.fromBytes(header, CIADDR);
    }

    /** yiaddr: the address the server assigns ("your" address). */
    public Ipv4Address yiaddr() {
        return Ipv4Address.fromBytes(header, YIADDR);
    }

    /** siaddr: the next server to use in bootstrap (e.g. TFTP). */
    public Ipv4Address siaddr() {
        return Ipv4Address.fromBytes(header, SIADDR);
    }

    /** giaddr: the relay agent address, 0.0.0.0 when not relayed. */
    public Ipv4Address giaddr() {
        return Ipv4Address.fromBytes(header, GIADDR);
    }

    /** chaddr: the client hardware address of type {@link #htype()} and length {@link #hlen()}. */
    public HardwareAddress chaddr() {
        return HardwareAddress.of(htype(), Arrays.copyOfRange(header, CHADDR, CHADDR + hlen()));
    }

    /** sname: the server host name, up to its first NUL; empty if blank or used for overloaded options. */
    public Optional<String> sname() {
        return fieldText(SNAME, SNAME_LENGTH);
    }

    /** file: the boot file name, up to its first NUL; empty if blank or used for overloaded options. */
    public Optional<String> file() {
        return fieldText(FILE, FILE_LENGTH);
    }

    private Optional<String> fieldText(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return end == offset ? Optional.empty()
                : Optional.of(new String(header, offset, end - offset, StandardCharsets.ISO_8859_1));
    }

    // ---- options ----

    /** All options with their raw values, in order. */
    public DhcpOptions options() {
        return options;
    }

    /** Option 53; empty for a BOOTP message. */
    public Optional<MessageType> messageType() {
        return options.read(OptionCode.MESSAGE_TYPE, OptionValues::messageType);
    }

    /** Option 1. */
    public Optional<Ipv4Address> subnetMask() {
        return options.read(OptionCode.SUBNET_MASK, OptionValues::ipv4);
    }

    /** Option 3, in order of preference; empty if absent. */
    public List<Ipv4Address> routers() {
        return options.read(OptionCode.ROUTER, OptionValues::ipv4List).orElse(List.of());
    }

    /** Option 6, in order of preference; empty if absent. */
    public List<Ipv4Address> domainNameServers() {
        return options.read(OptionCode.DOMAIN_NAME_SERVER, OptionValues::ipv4List).orElse(List.of());
    }

    /** Option 12. */
    public Optional<String> hostName() {
        return options.read(OptionCode.HOST_NAME, OptionValues::text);
    }

    /** Option 15. */
    public Optional<String> domainName() {
        return options.read(OptionCode.DOMAIN_NAME, OptionValues::text);
    }

    /** Option 28. */
    public Optional<Ipv4Address> broadcastAddress() {
        return options.read(OptionCode.BROADCAST_ADDRESS, OptionValues::ipv4);
    }

    /** Option 42, in order of preference; empty if absent. */
    public List<Ipv4Address> ntpServers() {
        return options.read(OptionCode.NTP_SERVERS, OptionValues::ipv4List).orElse(List.of());
    }

    /** Option 50: the address a client asks for. */
    public Optional<Ipv4Address> requestedIpAddress() {
        return options.read(OptionCode.REQUESTED_IP_ADDRESS, OptionValues::ipv4);
    }

    /** Option 51 in seconds ({@link #INFINITE_LEASE} for infinity). */
    public OptionalLong leaseTime() {
        return seconds(OptionCode.LEASE_TIME);
    }

    /** Option 54. */
    public Optional<Ipv4Address> serverIdentifier() {
        return options.read(OptionCode.SERVER_IDENTIFIER, OptionValues::ipv4);
    }

    /** Option 55 in the client's order of preference; empty if absent. */
    public List<OptionCode> parameterRequestList() {
        return options.read(OptionCode.PARAMETER_REQUEST_LIST, OptionValues::codes).orElse(List.of());
    }

    /** Option 57 as sent (the client promises to accept messages of this many bytes, IP and UDP headers included). */
    public OptionalInt maxMessageSize() {
        return options.read(OptionCode.MAX_MESSAGE_SIZE, OptionValues::unsigned16)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Option 58 (T1) in seconds. */
    public OptionalLong renewalTime() {
        return seconds(OptionCode.RENEWAL_TIME);
    }

    /** Option 59 (T2) in seconds. */
    public OptionalLong rebindingTime() {
        return seconds(OptionCode.REBINDING_TIME);
    }

    private OptionalLong seconds(OptionCode code) {
        return options.read(code, OptionValues::unsigned32).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Option 60. */
    public Optional<String> vendorClassIdentifier() {
        return options.read(OptionCode.VENDOR_CLASS_IDENTIFIER, OptionValues::text);
    }

    /** Option 61 (RFC 2132 §9.14, RFC 4361). */
    public Optional<ClientIdentifier> clientIdentifier() {
        return options.read(OptionCode.CLIENT_IDENTIFIER, ClientIdentifier::read);
    }

    /** Option 66. */
    public Optional<String> tftpServerName() {
        return options.read(OptionCode.TFTP_SERVER_NAME, OptionValues::text);
    }

    /** Option 67 (the option; the header field is {@link #file()}). */
    public Optional<String> bootfileName() {
        return options.read(OptionCode.BOOTFILE_NAME, OptionValues::text);
    }

    /** Option 81 (RFC 4702). */
    public Optional<ClientFqdn> clientFqdn() {
        return options.read(OptionCode.CLIENT_FQDN, ClientFqdn::read);
    }

    /** Option 82 (RFC 3046). */
    public Optional<RelayAgentInformation> relayAgentInformation() {
        return options.read(OptionCode.RELAY_AGENT_INFORMATION, RelayAgentInformation::read);
    }

    /** Option 118 (RFC 3011). */
    public Optional<Ipv4Address> subnetSelection() {
        return options.read(OptionCode.SUBNET_SELECTION, OptionValues::ipv4);
    }

    /** Option 119 (RFC 3397), names without a trailing dot ({@code "."} for the root); empty if absent. */
    public List<String> domainSearch() {
        return options.read(OptionCode.DOMAIN_SEARCH, DomainNames::readSearchList).orElse(List.of());
    }

    /** Option 121 (RFC 3442); empty if absent. */
    public List<ClasslessRoute> classlessStaticRoutes() {
        return options.read(OptionCode.CLASSLESS_STATIC_ROUTE, ClasslessRoute::readList).orElse(List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage other
                && Arrays.equals(header, 0, HEADER_LENGTH, other.header, 0, HEADER_LENGTH)
                && options.equals(other.options);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < HEADER_LENGTH; i++) {
            hash = 31 * hash + header[i];
        }
        return 31 * hash + options.hashCode();
    }

    /** A one-line summary: type, xid, chaddr, addresses and options. */
    @Override
    public String toString() {
        String type = messageType().map(MessageType::name).orElse(op() == BOOTREPLY ? "BOOTREPLY" : "BOOTREQUEST");
        return "DhcpMessage[" + type
                + ", xid=0x" + Integer.toHexString(xid()) + ", chaddr=" + chaddr() + ", ciaddr=" + ciaddr()
                + ", yiaddr=" + yiaddr() + ", siaddr=" + siaddr() + ", giaddr=" + giaddr()
                + ", options=" + options + "]";
    }

    /**
     * Collects a message's header and options. Setters check their argument and throw
     * {@link IllegalArgumentException} for a value with no legal wire form, so {@link #build()} always yields a
     * valid message. Setting an option again replaces its value and keeps its position.
     */
    public static final class Builder {

        private final byte[] header;
        private final Map<Integer, byte[]> options;

        private Builder(byte[] header, Map<Integer, byte[]> options) {
            this.header = header;
            this.options = options;
        }

        /** op: {@link #BOOTREQUEST} or {@link #BOOTREPLY}. */
        public Builder op(int op) {
            if (op != BOOTREQUEST && op != BOOTREPLY) {
                throw new IllegalArgumentException("op " + op + " is neither BOOTREQUEST (1) nor BOOTREPLY (2)");
            }
            header[OP] = (byte) op;
            return this;
        }

        /** hops, 0-255. */
        public Builder hops(int hops) {
            header[HOPS] = (byte) checkRange("hops", hops, 0xff);
            return this;
        }

        /** xid. */
        public Builder xid(int xid) {
            Bytes.putI32(header, XID, xid);
            return this;
        }

        /** secs, 0-65535. */
        public Builder secs(int secs) {
            Bytes.putU16(header, SECS, checkRange("secs", secs, 0xffff));
            return this;
        }

        /** flags, 0-65535. */
        public Builder flags(int flags) {
            Bytes.putU16(header, FLAGS, checkRange("flags", flags, 0xffff));
            return this;
        }

        /** Sets or clears the BROADCAST flag, keeping the other bits. */
        public Builder broadcast(boolean broadcast) {
            int flags = Bytes.u16(header, FLAGS);
            return flags(broadcast ? flags | BROADCAST_FLAG : flags & ~BROADCAST_FLAG);
        }

        /** ciaddr. */
        public Builder ciaddr(Ipv4Address address) {
            Bytes.putI32(header, CIADDR, address.value());
            return this;
        }

        /** yiaddr. */
        public Builder yiaddr(Ipv4Address address) {
            Bytes.putI32(header, YIADDR, address.value());
            return this;
        }

        /** siaddr. */
        public Builder siaddr(Ipv4Address address) {
            Bytes.putI32(header, SIADDR, address.value());
            return this;
        }

        /** giaddr. */
        public Builder giaddr(Ipv4Address address) {
            Bytes.putI32(header, GIADDR, address.value());
            return this;
        }

        /** htype, hlen and chaddr (the rest of chaddr zeroed). */
        public Builder chaddr(HardwareAddress address) {
            header[HTYPE] = (byte) address.type();
            header[HLEN] = (byte) address.length();
            Arrays.fill(header, CHADDR, CHADDR + CHADDR_LENGTH, (byte) 0);
            address.copyTo(header, CHADDR);
            return this;
        }

        /** sname: at most 63 ISO-8859-1 characters, so a terminating NUL fits; "" clears it. */
        public Builder sname(String name) {
            return fieldText(SNAME, SNAME_LENGTH, "sname", name);
        }

        /** file: at most 127 ISO-8859-1 characters, so a terminating NUL fits; "" clears it. */
        public Builder file(String name) {
            return fieldText(FILE, FILE_LENGTH, "file", name);
        }

        private Builder fieldText(int offset, int length, String field, String text) {
            if (text.length() >= length || !text.chars().allMatch(c -> c > 0 && c <= 0xff)) {
                throw new IllegalArgumentException(field + " '" + text + "' must be at most " + (length - 1)
                        + " non-NUL ISO-8859-1 characters");
            }
            Arrays.fill(header, offset, offset + length, (byte) 0);
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(bytes, 0, header, offset, bytes.length);
            return this;
        }

        private static int checkRange(String field, int value, int max) {
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(field + " " + value + " is not 0-" + max);
            }
            return value;
        }

        /**
         * Sets any option from raw bytes (copied). Options this codec interprets are validated like on decode.
         *
         * @throws IllegalArgumentException for PAD, END, option overload (52, which the encoder manages) or a value
         *     that breaks the option's rules
         */
        public Builder option(OptionCode code, byte[] value) {
            if (code == OptionCode.PAD || code == OptionCode.END || code == OptionCode.OPTION_OVERLOAD) {
                throw new IllegalArgumentException(code + " is framing, not an option value");
            }
            OptionRules.check(code.code(), value, 0, value.length);
            options.put(code.code(), value.clone());
            return this;
        }

        /** Removes an option if present. */
        public Builder removeOption(OptionCode code) {
            options.remove(code.code());
            return this;
        }

        private Builder put(OptionCode code, byte[] value) {
            options.put(code.code(), value);
            return this;
        }

        /** Option 53. */
        public Builder messageType(MessageType type) {
            return put(OptionCode.MESSAGE_TYPE, new byte[] {(byte) type.code()});
        }

        /** Option 1. */
        public Builder subnetMask(Ipv4Address mask) {
            return put(OptionCode.SUBNET_MASK, mask.toBytes());
        }

        /** Option 3 (at least one router). */
        public Builder routers(List<Ipv4Address> routers) {
            return put(OptionCode.ROUTER, OptionValues.ofIpv4List(routers));
        }

        /** Option 6 (at least one server). */
        public Builder domainNameServers(List<Ipv4Address> servers) {
            return put(OptionCode.DOMAIN_NAME_SERVER, OptionValues.ofIpv4List(servers));
        }

        /** Option 12 (non-empty, ISO-8859-1). */
        public Builder hostName(String name) {
            return put(OptionCode.HOST_NAME, OptionValues.ofText(name));
        }

        /** Option 15 (non-empty, ISO-8859-1). */
        public Builder domainName(String name) {
            return put(OptionCode.DOMAIN_NAME, OptionValues.ofText(name));
        }

        /** Option 28. */
        public Builder broadcastAddress(Ipv4Address address) {
            return put(OptionCode.BROADCAST_ADDRESS, address.toBytes());
        }

        /** Option 42 (at least one server). */
        public Builder ntpServers(List<Ipv4Address> servers) {
            return put(OptionCode.NTP_SERVERS, OptionValues.ofIpv4List(servers));
        }

        /** Option 50. */
        public Builder requestedIpAddress(Ipv4Address address) {
            return put(OptionCode.REQUESTED_IP_ADDRESS, address.toBytes());
        }

        /** Option 51, seconds 0 to {@link #INFINITE_LEASE}. */
        public Builder leaseTime(long seconds) {
            return put(OptionCode.LEASE_TIME, OptionValues.ofUnsigned32(seconds));
        }

        /** Option 54. */
        public Builder serverIdentifier(Ipv4Address address) {
            return put(OptionCode.SERVER_IDENTIFIER, address.toBytes());
        }

        /** Option 55 (at least one code). */
        public Builder parameterRequestList(List<OptionCode> codes) {
            return put(OptionCode.PARAMETER_REQUEST_LIST, OptionValues.ofCodes(codes));
        }

        /** Option 57, 0-65535 (RFC 2132 calls values below 576 illegal; the encoder treats them as 576). */
        public Builder maxMessageSize(int bytes) {
            return put(OptionCode.MAX_MESSAGE_SIZE, OptionValues.ofUnsigned16(bytes));
        }

        /** Option 58 (T1), seconds. */
        public Builder renewalTime(long seconds) {
            return put(OptionCode.RENEWAL_TIME, OptionValues.ofUnsigned32(seconds));
        }

        /** Option 59 (T2), seconds. */
        public Builder rebindingTime(long seconds) {
            return put(OptionCode.REBINDING_TIME, OptionValues.ofUnsigned32(seconds));
        }

        /** Option 60 (non-empty, ISO-8859-1). */
        public Builder vendorClassIdentifier(String identifier) {
            return put(OptionCode.VENDOR_CLASS_IDENTIFIER, OptionValues.ofText(identifier));
        }

        /** Option 61. */
        public Builder clientIdentifier(ClientIdentifier identifier) {
            return put(OptionCode.CLIENT_IDENTIFIER, identifier.toBytes());
        }

        /** Option 66 (non-empty, ISO-8859-1). */
        public Builder tftpServerName(String name) {
            return put(OptionCode.TFTP_SERVER_NAME, OptionValues.ofText(name));
        }

        /** Option 67 (non-empty, ISO-8859-1). */
        public Builder bootfileName(String name) {
            return put(OptionCode.BOOTFILE_NAME, OptionValues.ofText(name));
        }

        /** Option 81. */
        public Builder clientFqdn(ClientFqdn fqdn) {
            return put(OptionCode.CLIENT_FQDN, fqdn.toBytes());
        }

        /** Option 82. */
        public Builder relayAgentInformation(RelayAgentInformation information) {
            return put(OptionCode.RELAY_AGENT_INFORMATION, information.toBytes());
        }

        /** Option 118. */
        public Builder subnetSelection(Ipv4Address subnet) {
            return put(OptionCode.SUBNET_SELECTION, subnet.toBytes());
        }

        /** Option 119 (at least one name), written with compression pointers. */
        public Builder domainSearch(List<String> names) {
            return put(OptionCode.DOMAIN_SEARCH, DomainNames.writeSearchList(names));
        }

        /** Option 121 (at least one route). */
        public Builder classlessStaticRoutes(List<ClasslessRoute> routes) {
            return put(OptionCode.CLASSLESS_STATIC_ROUTE, ClasslessRoute.writeList(routes));
        }

        /** The message; the builder can be reused, later changes do not affect it. */
        public DhcpMessage build() {
            return new DhcpMessage(header.clone(), DhcpOptions.of(options));
        }
    }
}

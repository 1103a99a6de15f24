package io.tandem.protocol;

/**
 * A DHCPv4 option code (0-255) with a readable name. Well-known codes are constants; every other code is a
 * value too ({@link #valueOf(int)}), so options this codec does not interpret still have a code object.
 * Instances are canonical: one per code, compare with {@code ==} or {@link #equals(Object)}.
 */
public final class OptionCode implements Comparable<OptionCode> {

    private static final OptionCode[] BY_CODE = new OptionCode[256];

    /** Padding between options; never part of {@link DhcpOptions}. */
    public static final OptionCode PAD = define(0, "pad");
    public static final OptionCode SUBNET_MASK = define(1, "subnet-mask");
    public static final OptionCode ROUTER = define(3, "router");
    public static final OptionCode DOMAIN_NAME_SERVER = define(6, "domain-name-server");
    public static final OptionCode HOST_NAME = define(12, "host-name");
    public static final OptionCode DOMAIN_NAME = define(15, "domain-name");
    public static final OptionCode BROADCAST_ADDRESS = define(28, "broadcast-address");
    public static final OptionCode NTP_SERVERS = define(42, "ntp-servers");
    public static final OptionCode REQUESTED_IP_ADDRESS = define(50, "requested-ip-address");
    public static final OptionCode LEASE_TIME = define(51, "lease-time");
    /**
     * Option overload (RFC 2132 §9.3): framing, not content. The decoder applies it and the encoder writes it;
     * it never appears in {@link DhcpOptions}.
     */
    public static final OptionCode OPTION_OVERLOAD = define(52, "option-overload");
    public static final OptionCode MESSAGE_TYPE = define(53, "message-type");
    public static final OptionCode SERVER_IDENTIFIER = define(54, "server-identifier");
    public static final OptionCode PARAMETER_REQUEST_LIST = define(55, "parameter-request-list");
    public static final OptionCode MESSAGE = define(56, "message");
    public static final OptionCode MAX_MESSAGE_SIZE = define(57, "max-message-size");
    public static final OptionCode RENEWAL_TIME = define(58, "renewal-time");
    public static final OptionCode REBINDING_TIME = define(59, "rebinding-time");
    public static final OptionCode VENDOR_CLASS_IDENTIFIER = define(60, "vendor-class-identifier");
    public static final OptionCode CLIENT_IDENTIFIER = define(61, "client-identifier");
    public static final OptionCode TFTP_SERVER_NAME = define(66, "tftp-server-name");
    public static final OptionCode BOOTFILE_NAME = define(67, "bootfile-name");
    public static final OptionCode CLIENT_FQDN = define(81, "client-fqdn");
    public static final OptionCode RELAY_AGENT_INFORMATION = define(82, "relay-agent-information");
    public static final OptionCode SUBNET_SELECTION = define(118, "subnet-selection");
    public static final OptionCode DOMAIN_SEARCH = define(119, "domain-search");
    public static final OptionCode CLASSLESS_STATIC_ROUTE = define(121, "classless-static-route");
    /** End of an option area; never part of {@link DhcpOptions}. */
    public static final OptionCode END = define(255, "end");

    static {
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == null) {
                BY_CODE[code] = new OptionCode(code, "option-" + code);
            }
        }
    }

    private final int code;
    private final String name;

    private OptionCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static OptionCode define(int code, String name) {
        OptionCode optionCode = new OptionCode(code, name);
        BY_CODE[code] = optionCode;
        return optionCode;
    }

    /**
     * The code object for {@code code}; never allocates.
     *
     * @throws IllegalArgumentException if {@code code} is not 0-255
     */
    public static OptionCode valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("option code " + code + " is not 0-255");
        }
        return BY_CODE[code];
    }

    /** The numeric code, 0-255. */
    public int code() {
        return code;
    }

    /** A readable name: the RFC name in lower-case-dashed form, or {@code option-N} for codes without one. */
    public String name() {
        return name;
    }

    @Override
    public int compareTo(OptionCode other) {
        return Integer.compare(code, other.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionCode other && code == other.code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code name(code)}, e.g. {@code message-type(53)}. */
    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}

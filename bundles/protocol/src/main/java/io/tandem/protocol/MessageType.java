package io.tandem.protocol;

/**
 * The DHCP message type carried in option 53 (RFC 2132 §9.6, with later additions). Values outside the
 * constants below still decode, as instances that report {@link #isKnown()} false, so a newer client's message
 * reaches the server instead of failing to parse. Instances are canonical: one per value.
 */
public final class MessageType {

    private static final MessageType[] BY_CODE = new MessageType[256];

    public static final MessageType DISCOVER = define(1, "DHCPDISCOVER");
    public static final MessageType OFFER = define(2, "DHCPOFFER");
    public static final MessageType REQUEST = define(3, "DHCPREQUEST");
    public static final MessageType DECLINE = define(4, "DHCPDECLINE");
    public static final MessageType ACK = define(5, "DHCPACK");
    public static final MessageType NAK = define(6, "DHCPNAK");
    public static final MessageType RELEASE = define(7, "DHCPRELEASE");
    public static final MessageType INFORM = define(8, "DHCPINFORM");
    /** RFC 3203. */
    public static final MessageType FORCERENEW = define(9, "DHCPFORCERENEW");
    /** RFC 4388 lease query messages. */
    public static final MessageType LEASEQUERY = define(10, "DHCPLEASEQUERY");
    public static final MessageType LEASEUNASSIGNED = define(11, "DHCPLEASEUNASSIGNED");
    public static final MessageType LEASEUNKNOWN = define(12, "DHCPLEASEUNKNOWN");
    public static final MessageType LEASEACTIVE = define(13, "DHCPLEASEACTIVE");

    static {
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == null) {
                BY_CODE[code] = new MessageType(code, "DHCP-TYPE-" + code, false);
            }
        }
    }

    private final int code;
    private final String name;
    private final boolean known;

    private MessageType(int code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    private static MessageType define(int code, String name) {
        MessageType type = new MessageType(code, name, true);
        BY_CODE[code] = type;
        return type;
    }

    /**
     * The message type for the value of option 53; never allocates.
     *
     * @throws IllegalArgumentException if {@code code} is not 0-255
     */
    public static MessageType valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("message type " + code + " is not 0-255");
        }
        return BY_CODE[code];
    }

    /** The value of option 53, 0-255. */
    public int code() {
        return code;
    }

    /** The RFC name (e.g. {@code DHCPDISCOVER}), or {@code DHCP-TYPE-N} for an unknown value. */
    public String name() {
        return name;
    }

    /** False for values this codec has no constant for. */
    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageType other && code == other.code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}

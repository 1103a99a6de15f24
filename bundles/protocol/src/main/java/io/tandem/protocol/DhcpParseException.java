package io.tandem.protocol;

/**
 * A datagram that is not a well-formed DHCPv4 message. The only exception {@link DhcpDecoder} throws for bad
 * input. It is checked on purpose: malformed packets are an everyday event on a network, and the caller
 * (the packet I/O layer) must decide to log and drop them rather than let them unwind its event loop.
 */
public final class DhcpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * @param offset byte offset from the start of the message where the problem was found
     * @param reason what is wrong, without the offset
     */
    public DhcpParseException(int offset, String reason) {
        // No stack trace: the offset and reason say everything, and a flood of garbage must stay cheap to reject.
        super("offset " + offset + ": " + reason, null, false, false);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset from the start of the DHCP message (the op byte) where the problem was found. */
    public int getOffset() {
        return offset;
    }

    /** What is wrong, without the offset (e.g. {@code "option 53 length 2, must be 1"}). */
    public String getReason() {
        return reason;
    }
}

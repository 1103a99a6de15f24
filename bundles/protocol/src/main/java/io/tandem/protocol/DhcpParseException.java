package io.tandem.protocol;

/**
 * A datagram that is not a well-formed DHCPv4 message: the only exception {@link DhcpDecoder} throws for bad input.
 * Its offset counts from the op byte; its reason reads like {@code "option 53 length 2, must be 1"}.
 */
public final class DhcpParseException extends WireFormatException {

    private static final long serialVersionUID = 1L;

    public DhcpParseException(int offset, String reason) {
        super(offset, reason);
    }
}

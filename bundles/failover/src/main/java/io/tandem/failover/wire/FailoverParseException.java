package io.tandem.failover.wire;

import io.tandem.protocol.WireFormatException;

/**
 * Bytes that are not a well-formed failover message: the only exception the decoder and the framer throw for bad
 * input (ISC drops the connection on it). Its offset counts from the message's length field; its reason reads like
 * {@code "option 15 (MCLT) has length 2, must be 4"}.
 */
public final class FailoverParseException extends WireFormatException {

    private static final long serialVersionUID = 1L;

    public FailoverParseException(int offset, String reason) {
        super(offset, reason);
    }
}

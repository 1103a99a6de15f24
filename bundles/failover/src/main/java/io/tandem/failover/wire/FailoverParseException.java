package io.tandem.failover.wire;

/**
 * Bytes that are not a well-formed failover message. The only exception the decoder and the framer throw for bad
 * input. Checked because a peer sending garbage is an event the connection owner must handle (ISC drops the
 * connection), not a bug to unwind the event loop with.
 */
public final class FailoverParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * @param offset byte offset from the start of the message where the problem was found
     * @param reason what is wrong, without the offset
     */
    public FailoverParseException(int offset, String reason) {
        // No stack trace: offset and reason say it all, and rejecting a flood of garbage must stay cheap.
        super("offset " + offset + ": " + reason, null, false, false);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset from the start of the message (its length field) where the problem was found. */
    public int getOffset() {
        return offset;
    }

    /** What is wrong, without the offset (e.g. {@code "option 15 (MCLT) has length 2, must be 4"}). */
    public String getReason() {
        return reason;
    }
}

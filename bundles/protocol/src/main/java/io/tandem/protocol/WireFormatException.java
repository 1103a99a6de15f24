package io.tandem.protocol;

/**
 * Bytes that are not a well-formed message of a wire protocol, found at an offset for a reason. Checked on purpose:
 * malformed input from a network is an everyday event, and its receiver must decide to log and drop it rather than
 * let it unwind an event loop. Carries no stack trace: offset and reason say everything, and a flood of garbage
 * must stay cheap to reject.
 */
public abstract class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * @param offset byte offset from the start of the message where the problem was found
     * @param reason what is wrong, without the offset
     */
    protected WireFormatException(int offset, String reason) {
        super("offset " + offset + ": " + reason, null, false, false);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset from the start of the message where the problem was found. */
    public int getOffset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String getReason() {
        return reason;
    }
}

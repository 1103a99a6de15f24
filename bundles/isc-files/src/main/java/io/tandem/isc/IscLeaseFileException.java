package io.tandem.isc;

/**
 * Text that is not a well-formed ISC dhcpd 4.4 lease file. The only exception {@link IscLeaseFile} throws for bad
 * input; checked because an operator's file being broken is an expected outcome of an import, not a bug.
 */
public final class IscLeaseFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    /**
     * @param line the 1-based line where the problem was found
     * @param reason what is wrong, without the line number
     */
    public IscLeaseFileException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line where the problem was found. */
    public int getLine() {
        return line;
    }

    /** What is wrong, without the line number (e.g. {@code "'ends' needs a date, 'never' or 'epoch'"}). */
    public String getReason() {
        return reason;
    }
}

package io.tandem.migrate;

/**
 * A statement of the source file that Tandem's configuration does not carry, and why.
 *
 * @param line where the statement starts
 * @param statement the statement as written (a block shown as {@code { ... }})
 * @param reason what Tandem does instead, or why it cannot follow
 */
record Untranslated(int line, String statement, String reason) {

    /** "line N: STATEMENT: REASON", one line of a report. */
    String shown() {
        return "line " + line + ": " + statement + ": " + reason;
    }
}

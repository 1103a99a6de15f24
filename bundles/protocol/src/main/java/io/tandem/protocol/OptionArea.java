package io.tandem.protocol;

/**
 * The places options can occupy, in the order their instances are read and concatenated (RFC 2131 §4.1,
 * RFC 3396 §7): the options field, then the file field and the sname field when option 52 overloads them.
 */
enum OptionArea {
    /** From the byte after the magic cookie to the end of the message. */
    OPTIONS_FIELD("options field", WireLayout.OPTIONS, -1, 0),
    FILE_FIELD("file field", WireLayout.FILE, WireLayout.FILE_LENGTH, 1),
    SNAME_FIELD("sname field", WireLayout.SNAME, WireLayout.SNAME_LENGTH, 2);

    /** All areas in reading order; {@code values()} would copy the array on every call. */
    static final OptionArea[] IN_ORDER = values();
    /** The fields option 52 can overload, in reading order. */
    static final OptionArea[] OVERLOADABLE = {FILE_FIELD, SNAME_FIELD};

    private final String description;
    private final int start;
    private final int length;
    private final int overloadBit;

    OptionArea(String description, int start, int length, int overloadBit) {
        this.description = description;
        this.start = start;
        this.length = length;
        this.overloadBit = overloadBit;
    }

    /** Offset of the area's first byte in the message. */
    int start() {
        return start;
    }

    /** Offset just past the area's last byte in a message of {@code messageLength} bytes. */
    int end(int messageLength) {
        return this == OPTIONS_FIELD ? messageLength : start + length;
    }

    /** Size of the file or sname field. */
    int fieldLength() {
        return length;
    }

    /** This area's bit in the value of option 52; 0 for the options field. */
    int overloadBit() {
        return overloadBit;
    }

    @Override
    public String toString() {
        return description;
    }
}

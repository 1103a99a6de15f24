package io.tandem.protocol;

/**
 * The legal lengths and formats of the options this codec interprets. Checked once, when a message is decoded
 * or an option is set on a builder, so that typed getters never fail later. Options not listed here are
 * accepted with any length and kept as raw bytes.
 */
final class OptionRules {

    private OptionRules() {
    }

    /**
     * @throws IllegalArgumentException with a reason such as {@code "option 53 length 2, must be 1"}
     */
    static void check(int code, byte[] data, int offset, int length) {
        switch (code) {
            case 52 -> {
                exactly(code, length, 1);
                int fields = Bytes.u8(data, offset);
                if (fields < 1 || fields > 3) {
                    throw new IllegalArgumentException("option 52 value " + fields
                            + ", must be 1 (file), 2 (sname) or 3 (both)");
                }
            }
            case 53 -> exactly(code, length, 1);
            case 57 -> exactly(code, length, 2);
            case 1, 28, 50, 51, 54, 58, 59, 118 -> exactly(code, length, 4);
            case 3, 6, 42 -> {
                if (length == 0 || length % 4 != 0) {
                    throw new IllegalArgumentException("option " + code + " length " + length
                            + ", must be a non-zero multiple of 4");
                }
            }
            case 12, 15, 55, 60, 66, 67 -> atLeast(code, length, 1);
            case 61 -> atLeast(code, length, 2);
            case 81 -> {
                atLeast(code, length, 3);
                parses(code, () -> ClientFqdn.read(data, offset, length));
            }
            case 82 -> {
                atLeast(code, length, 2);
                parses(code, () -> RelayAgentInformation.read(data, offset, length));
            }
            case 119 -> {
                atLeast(code, length, 1);
                parses(code, () -> DomainNames.readSearchList(data, offset, length));
            }
            case 121 -> {
                atLeast(code, length, 5);
                parses(code, () -> ClasslessRoute.readList(data, offset, length));
            }
            default -> {
                // not interpreted: any length is legal
            }
        }
    }

    private static void exactly(int code, int length, int required) {
        if (length != required) {
            throw new IllegalArgumentException("option " + code + " length " + length + ", must be " + required);
        }
    }

    private static void atLeast(int code, int length, int minimum) {
        if (length < minimum) {
            throw new IllegalArgumentException("option " + code + " length " + length + ", must be at least "
                    + minimum);
        }
    }

    private static void parses(int code, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + code + ": " + e.getMessage(), e);
        }
    }
}

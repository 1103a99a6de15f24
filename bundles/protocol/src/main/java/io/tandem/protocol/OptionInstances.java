package io.tandem.protocol;

import java.util.Arrays;

/**
 * The option instances found on the wire, in reading order, with what RFC 3396 needs to merge them: whether
 * any code occurs more than once, and the concatenation of all instances of a code.
 */
final class OptionInstances {

    private static final int ENTRY_SIZE = 4;

    /** Per instance: code, offset of the code byte, offset of the value, value length. */
    private int[] table = new int[32 * ENTRY_SIZE];
    private int count;
    /** Bit set of the codes seen so far. */
    private final long[] seen = new long[4];
    private boolean repeats;

    void add(int code, int start, int valueOffset, int length) {
        if ((count + 1) * ENTRY_SIZE > table.length) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        int entry = count * ENTRY_SIZE;
        table[entry] = code;
        table[entry + 1] = start;
        table[entry + 2] = valueOffset;
        table[entry + 3] = length;
        count++;
        long bit = 1L << (code & 63);
        repeats |= (seen[code >>> 6] & bit) != 0;
        seen[code >>> 6] |= bit;
    }

    int size() {
        return count;
    }

    int code(int index) {
        return table[index * ENTRY_SIZE];
    }

    /** Offset of the instance's code byte in the message. */
    int start(int index) {
        return table[index * ENTRY_SIZE + 1];
    }

    int valueOffset(int index) {
        return table[index * ENTRY_SIZE + 2];
    }

    int length(int index) {
        return table[index * ENTRY_SIZE + 3];
    }

    /** True if some code occurs in more than one instance. */
    boolean hasRepeats() {
        return repeats;
    }

    /** Index of the first instance of {@code code}, or -1. */
    int firstIndexOf(int code) {
        for (int i = 0; i < count; i++) {
            if (code(i) == code) {
                return i;
            }
        }
        return -1;
    }

    /** How many instances of {@code code} there are. */
    int instancesOf(int code) {
        int instances = 0;
        for (int i = 0; i < count; i++) {
            if (code(i) == code) {
                instances++;
            }
        }
        return instances;
    }

    /** Total value length of all instances of {@code code}. */
    int totalLengthOf(int code) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            if (code(i) == code) {
                total += length(i);
            }
        }
        return total;
    }

    /** Appends the values of all instances of {@code code}, in order, to {@code target} at {@code offset}. */
    void concatenate(byte[] message, int code, byte[] target, int offset) {
        int position = offset;
        for (int i = 0; i < count; i++) {
            if (code(i) == code) {
                System.arraycopy(message, valueOffset(i), target, position, length(i));
                position += length(i);
            }
        }
    }
}

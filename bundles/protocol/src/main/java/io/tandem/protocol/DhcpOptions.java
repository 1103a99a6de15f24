package io.tandem.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of one message: an immutable, ordered collection with at most one value per code. Values are the
 * logical option contents, after RFC 3396 concatenation of split instances and without PAD, END or option
 * overload (52), which are framing. The order is the order of first appearance on the wire (or of insertion in
 * a builder). Values are never exposed mutably: {@link #get(OptionCode)} returns a copy.
 */
public final class DhcpOptions {

    private static final int ENTRY_SIZE = 3;
    private static final DhcpOptions EMPTY = new DhcpOptions(new byte[0], new int[0], 0);

    /** Reads a typed value from an option's bytes, which have already been validated. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(byte[] data, int offset, int length);
    }

    private final byte[] data;
    /** Per entry: code, offset of the value in {@link #data}, value length. */
    private final int[] entries;
    private final int count;

    /** Takes ownership of {@code data} and {@code entries}; callers must not change them afterwards. */
    DhcpOptions(byte[] data, int[] entries, int count) {
        this.data = data;
        this.entries = entries;
        this.count = count;
    }

    /** A collection holding {@code values} in iteration order; the arrays are copied. */
    static DhcpOptions of(Map<Integer, byte[]> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        int total = values.values().stream().mapToInt(value -> value.length).sum();
        byte[] data = new byte[total];
        int[] entries = new int[values.size() * ENTRY_SIZE];
        int offset = 0;
        int entry = 0;
        for (Map.Entry<Integer, byte[]> value : values.entrySet()) {
            byte[] bytes = value.getValue();
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            entries[entry++] = value.getKey();
            entries[entry++] = offset;
            entries[entry++] = bytes.length;
            offset += bytes.length;
        }
        return new DhcpOptions(data, entries, values.size());
    }

    /** The number of options. */
    public int size() {
        return count;
    }

    /** True if there are no options. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** True if an option with this code is present. */
    public boolean contains(OptionCode code) {
        return indexOf(code.code()) >= 0;
    }

    /** A copy of the value of the option with this code, or empty if absent. */
    public Optional<byte[]> get(OptionCode code) {
        int index = indexOf(code.code());
        return index < 0 ? Optional.empty() : Optional.of(value(index));
    }

    /** The codes present, in order. */
    public List<OptionCode> codes() {
        List<OptionCode> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            codes.add(OptionCode.valueOf(code(i)));
        }
        return List.copyOf(codes);
    }

    <T> Optional<T> read(OptionCode code, ValueReader<T> reader) {
        int index = indexOf(code.code());
        return index < 0 ? Optional.empty() : Optional.of(reader.read(data, offset(index), length(index)));
    }

    /** Position of the option with {@code code} in this collection, or -1. */
    int indexOf(int code) {
        for (int i = 0; i < count; i++) {
            if (code(i) == code) {
                return i;
            }
        }
        return -1;
    }

    int code(int index) {
        return entries[index * ENTRY_SIZE];
    }

    int offset(int index) {
        return entries[index * ENTRY_SIZE + 1];
    }

    int length(int index) {
        return entries[index * ENTRY_SIZE + 2];
    }

    /** The shared backing array: read it only through {@link #offset(int)} and {@link #length(int)}. */
    byte[] data() {
        return data;
    }

    byte[] value(int index) {
        return Arrays.copyOfRange(data, offset(index), offset(index) + length(index));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || count != other.count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (code(i) != other.code(i) || !Arrays.equals(data, offset(i), offset(i) + length(i),
                    other.data, other.offset(i), other.offset(i) + other.length(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < count; i++) {
            hash = 31 * hash + code(i);
            for (int b = offset(i); b < offset(i) + length(i); b++) {
                hash = 31 * hash + data[b];
            }
        }
        return hash;
    }

    /** {@code [message-type(53)=01, host-name(12)=6c6170]}: codes in order with hex values. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(OptionCode.valueOf(code(i))).append('=')
                    .append(HexFormat.of().formatHex(data, offset(i), offset(i) + length(i)));
        }
        return text.append(']').toString();
    }
}

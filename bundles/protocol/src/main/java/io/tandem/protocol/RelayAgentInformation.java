package io.tandem.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The relay agent information option 82 (RFC 3046): a sequence of sub-options added by a relay, which the
 * server must echo back unchanged. Typed access for circuit-id (1), remote-id (2) and link selection (5,
 * RFC 3527); every other sub-option is kept as raw bytes. Immutable; the wire bytes are kept exactly as sent.
 */
public final class RelayAgentInformation {

    /** Sub-option 1: identifies the circuit (e.g. switch port) the request came in on. */
    public static final int CIRCUIT_ID = 1;
    /** Sub-option 2: identifies the remote host end of the circuit. */
    public static final int REMOTE_ID = 2;
    /** Sub-option 5 (RFC 3527): the subnet to allocate from, when giaddr cannot say it. */
    public static final int LINK_SELECTION = 5;

    private final byte[] bytes;

    private RelayAgentInformation(byte[] bytes) {
        validate(bytes, 0, bytes.length);
        this.bytes = bytes;
    }

    /** A builder for a new option value. */
    public static Builder builder() {
        return new Builder();
    }

    static RelayAgentInformation read(byte[] data, int offset, int length) {
        return new RelayAgentInformation(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Checks that the sub-options tile the value exactly and typed ones have legal lengths. */
    private static void validate(byte[] data, int offset, int length) {
        int end = offset + length;
        int position = offset;
        while (position < end) {
            int code = Bytes.u8(data, position);
            if (position + 1 >= end) {
                throw new IllegalArgumentException("sub-option " + code + " at byte " + (position - offset)
                        + " has no length byte");
            }
            int subLength = Bytes.u8(data, position + 1);
            if (position + 2 + subLength > end) {
                throw new IllegalArgumentException("sub-option " + code + " length " + subLength
                        + " runs past the end of the option");
            }
            if ((code == CIRCUIT_ID || code == REMOTE_ID) && subLength == 0) {
                throw new IllegalArgumentException("sub-option " + code + " length 0, must be at least 1");
            }
            if (code == LINK_SELECTION && subLength != 4) {
                throw new IllegalArgumentException("sub-option 5 length " + subLength + ", must be 4");
            }
            position += 2 + subLength;
        }
    }

    /** A copy of the circuit-id sub-option, if present. */
    public Optional<byte[]> circuitId() {
        return subOption(CIRCUIT_ID);
    }

    /** A copy of the remote-id sub-option, if present. */
    public Optional<byte[]> remoteId() {
        return subOption(REMOTE_ID);
    }

    /** The link selection sub-option (RFC 3527), if present. */
    public Optional<Ipv4Address> linkSelection() {
        int position = find(LINK_SELECTION);
        return position < 0 ? Optional.empty() : Optional.of(Ipv4Address.fromBytes(bytes, position + 2));
    }

    /** A copy of the first sub-option with {@code code}, if present. */
    public Optional<byte[]> subOption(int code) {
        int position = find(code);
        return position < 0 ? Optional.empty()
                : Optional.of(Arrays.copyOfRange(bytes, position + 2, position + 2 + Bytes.u8(bytes, position + 1)));
    }

    /** The sub-option codes in wire order (a code a relay repeated appears repeatedly). */
    public List<Integer> subOptionCodes() {
        List<Integer> codes = new ArrayList<>();
        for (int position = 0; position < bytes.length; position += 2 + Bytes.u8(bytes, position + 1)) {
            codes.add(Bytes.u8(bytes, position));
        }
        return List.copyOf(codes);
    }

    private int find(int code) {
        for (int position = 0; position < bytes.length; position += 2 + Bytes.u8(bytes, position + 1)) {
            if (Bytes.u8(bytes, position) == code) {
                return position;
            }
        }
        return -1;
    }

    byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayAgentInformation other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The option value in hex. */
    @Override
    public String toString() {
        return "RelayAgentInformation[" + HexFormat.of().formatHex(bytes) + "]";
    }

    /** Collects sub-options in insertion order; setting a code again replaces its value in place. */
    public static final class Builder {

        private final Map<Integer, byte[]> subOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the circuit-id (at least one byte; copied). */
        public Builder circuitId(byte[] value) {
            return subOption(CIRCUIT_ID, value);
        }

        /** Sets the remote-id (at least one byte; copied). */
        public Builder remoteId(byte[] value) {
            return subOption(REMOTE_ID, value);
        }

        /** Sets the link selection sub-option. */
        public Builder linkSelection(Ipv4Address subnet) {
            return subOption(LINK_SELECTION, subnet.toBytes());
        }

        /** Sets any sub-option (code 0-255, value up to 255 bytes; copied). */
        public Builder subOption(int code, byte[] value) {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("sub-option code " + code + " is not 0-255");
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("sub-option " + code + " of " + value.length
                        + " bytes exceeds 255");
            }
            subOptions.put(code, value.clone());
            return this;
        }

        /**
         * @throws IllegalArgumentException if no sub-option was set or a typed one has an illegal length
         */
        public RelayAgentInformation build() {
            if (subOptions.isEmpty()) {
                throw new IllegalArgumentException("option 82 needs at least one sub-option");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            subOptions.forEach((code, value) -> {
                out.write(code);
                out.write(value.length);
                out.write(value, 0, value.length);
            });
            return new RelayAgentInformation(out.toByteArray());
        }
    }
}

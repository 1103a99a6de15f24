package io.tandem.api.model;

import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who a client is: the bytes of its client identifier (option 61) when it sends one, else its hardware type and
 * address (RFC 2131 §4.2, RFC 4361 §6.1). The two kinds never compare equal, even when the option holds
 * type 1 and the same MAC: ISC dhcpd keys them apart too, and a pair must agree on identity.
 */
public final class ClientId {

    /** Where the identity came from. */
    public enum Kind {
        /** The client sent option 61; the bytes are its payload (type byte first). */
        CLIENT_IDENTIFIER,
        /** No option 61; the bytes are htype followed by chaddr[0..hlen). */
        HARDWARE
    }

    private final Kind kind;
    private final byte[] bytes;
    private final int hash;

    private ClientId(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
        this.hash = mix(kind, bytes);
    }

    /**
     * FNV-1a over the bytes, then MurmurHash3's finalizer. {@code Arrays.hashCode} gives MACs that differ only in
     * their last two bytes just a few thousand values (31 * b4 + b5), so maps keyed by clients fill whole buckets.
     */
    private static int mix(Kind kind, byte[] bytes) {
        long h = 0xcbf29ce484222325L ^ kind.ordinal();
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The identity of a client that sent option 61.
     *
     * @param option61 the option payload; RFC 2132 §9.14 requires at least 2 bytes (a type and one byte)
     */
    public static ClientId fromClientIdentifier(byte[] option61) {
        if (option61.length < 2 || option61.length > 255) {
            throw new IllegalArgumentException(
                    "client identifier of " + option61.length + " bytes: must be 2 to 255 bytes (RFC 2132 §9.14)");
        }
        return new ClientId(Kind.CLIENT_IDENTIFIER, option61.clone());
    }

    /**
     * The identity of the client that sent {@code request}: its client identifier (option 61) when present, else
     * its htype and chaddr.
     */
    public static ClientId of(DhcpMessage request) {
        return request.clientIdentifier()
                .map(identifier -> fromClientIdentifier(identifier.toBytes()))
                .orElseGet(() -> fromHardware(request.chaddr()));
    }

    /** The identity of a client that sent no option 61. */
    public static ClientId fromHardware(HardwareAddress hardware) {
        byte[] bytes = new byte[1 + hardware.length()];
        bytes[0] = (byte) hardware.type();
        hardware.copyTo(bytes, 1);
        return new ClientId(Kind.HARDWARE, bytes);
    }

    /**
     * Rebuilds an identity from {@link #toKey()}.
     *
     * @throws IllegalArgumentException if {@code key} was not produced by {@link #toKey()}
     */
    public static ClientId fromKey(byte[] key) {
        if (key.length < 2) {
            throw new IllegalArgumentException("client identity key of " + key.length + " bytes is too short");
        }
        byte[] rest = Arrays.copyOfRange(key, 1, key.length);
        return switch (key[0]) {
            case 'i' -> fromClientIdentifier(rest);
            case 'h' -> {
                if (rest.length - 1 > HardwareAddress.MAX_LENGTH) {
                    throw new IllegalArgumentException("hardware identity of " + (rest.length - 1) + " bytes");
                }
                yield new ClientId(Kind.HARDWARE, rest);
            }
            default -> throw new IllegalArgumentException("client identity key has unknown kind byte " + key[0]);
        };
    }

    /** Where the identity came from. */
    public Kind kind() {
        return kind;
    }

    /** A copy of the identity bytes (see {@link Kind} for their layout). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The hardware address a {@link Kind#HARDWARE} identity was made from; empty for a client identifier. */
    public Optional<HardwareAddress> hardware() {
        return kind == Kind.HARDWARE
                ? Optional.of(HardwareAddress.of(bytes[0] & 0xff, Arrays.copyOfRange(bytes, 1, bytes.length)))
                : Optional.empty();
    }

    /** A compact, unambiguous byte form: a kind byte ({@code 'i'} or {@code 'h'}) followed by the bytes. */
    public byte[] toKey() {
        byte[] key = new byte[bytes.length + 1];
        key[0] = (byte) (kind == Kind.CLIENT_IDENTIFIER ? 'i' : 'h');
        System.arraycopy(bytes, 0, key, 1, bytes.length);
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientId other && kind == other.kind && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code id:01:52:54:00:12:34:56} for option 61, {@code hw:1:52:54:00:12:34:56} for htype + chaddr. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.ofDelimiter(":");
        return kind == Kind.CLIENT_IDENTIFIER
                ? "id:" + hex.formatHex(bytes)
                : "hw:" + (bytes[0] & 0xff) + (bytes.length > 1 ? ":" + hex.formatHex(bytes, 1, bytes.length) : "");
    }
}

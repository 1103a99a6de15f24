package io.tandem.protocol;

/** Big-endian (network order) reads and writes of unsigned fields in byte arrays. */
final class Bytes {

    private Bytes() {
    }

    static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xff;
    }

    static int u16(byte[] bytes, int offset) {
        return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
    }

    static int i32(byte[] bytes, int offset) {
        return (u16(bytes, offset) << 16) | u16(bytes, offset + 2);
    }

    static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    static void putI32(byte[] bytes, int offset, int value) {
        putU16(bytes, offset, value >>> 16);
        putU16(bytes, offset + 2, value);
    }

    /** True if every byte in {@code [from, to)} is zero. */
    static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

package io.tandem.failover.wire;

/** Network-order reads and writes of unsigned integers in byte arrays. */
final class BigEndian {

    private BigEndian() {
    }

    static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xff;
    }

    static int u16(byte[] bytes, int offset) {
        return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
    }

    static long u32(byte[] bytes, int offset) {
        return ((long) u16(bytes, offset) << 16) | u16(bytes, offset + 2);
    }

    static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    static void putU32(byte[] bytes, int offset, long value) {
        putU16(bytes, offset, (int) (value >>> 16));
        putU16(bytes, offset + 2, (int) value);
    }
}

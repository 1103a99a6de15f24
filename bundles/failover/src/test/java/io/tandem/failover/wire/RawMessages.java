package io.tandem.failover.wire;

import java.io.ByteArrayOutputStream;

/** Hand-built wire bytes, for inputs no encoder would produce. */
final class RawMessages {

    /** The time field of every raw message: 2026-11-24 as the lab's clock read it. */
    static final long TIME = 0x6b05e98dL;

    private RawMessages() {
    }

    /** A message of type {@code type} with payload offset 12 and these options, its length field correct. */
    static byte[] message(int type, byte[]... options) {
        return message(type, WireLayout.HEADER_LENGTH, new byte[0], options);
    }

    /**
     * A message whose header says {@code payloadOffset}, with {@code gap} between header and options; the length
     * field counts everything.
     */
    static byte[] message(int type, int payloadOffset, byte[] gap, byte[]... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[WireLayout.HEADER_LENGTH]);
        out.writeBytes(gap);
        for (byte[] option : options) {
            out.writeBytes(option);
        }
        byte[] message = out.toByteArray();
        BigEndian.putU16(message, WireLayout.LENGTH, message.length);
        message[WireLayout.TYPE] = (byte) type;
        message[WireLayout.PAYLOAD_OFFSET] = (byte) payloadOffset;
        BigEndian.putU32(message, WireLayout.TIME, TIME);
        BigEndian.putU32(message, WireLayout.XID, 7);
        return message;
    }

    /** One option: code, length, value. */
    static byte[] option(int code, int... value) {
        byte[] option = new byte[WireLayout.OPTION_HEADER_LENGTH + value.length];
        BigEndian.putU16(option, 0, code);
        BigEndian.putU16(option, 2, value.length);
        for (int i = 0; i < value.length; i++) {
            option[WireLayout.OPTION_HEADER_LENGTH + i] = (byte) value[i];
        }
        return option;
    }
}

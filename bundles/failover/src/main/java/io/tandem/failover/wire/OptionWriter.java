package io.tandem.failover.wire;

import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Appends a message's options as TLVs after its header, skipping absent ones, and produces the finished message.
 * Refuses to produce more than the 2048 bytes ISC accepts.
 */
final class OptionWriter {

    private byte[] buffer = new byte[256];
    private int length = WireLayout.HEADER_LENGTH;

    void u8(OptionCode option, Optional<Integer> value) {
        value.ifPresent(v -> append(option, new byte[] {v.byteValue()}));
    }

    void u16(OptionCode option, Optional<Integer> value) {
        value.ifPresent(v -> append(option, new byte[] {(byte) (v >>> 8), v.byteValue()}));
    }

    void u32(OptionCode option, Optional<Long> value) {
        value.ifPresent(v -> {
            byte[] bytes = new byte[4];
            BigEndian.putU32(bytes, 0, v);
            append(option, bytes);
        });
    }

    void time(OptionCode option, Optional<Instant> value) {
        u32(option, value.map(Instant::getEpochSecond));
    }

    void seconds(OptionCode option, Optional<Duration> value) {
        u32(option, value.map(Duration::getSeconds));
    }

    void address(OptionCode option, Optional<Ipv4Address> value) {
        bytes(option, value.map(Ipv4Address::toBytes));
    }

    void text(OptionCode option, Optional<String> value) {
        bytes(option, value.map(text -> text.getBytes(WireValues.TEXT)));
    }

    void bytes(OptionCode option, Optional<byte[]> value) {
        value.ifPresent(bytes -> append(option, bytes));
    }

    /**
     * The finished message with the header fields filled in.
     *
     * @throws IllegalArgumentException if the options make it longer than ISC accepts
     */
    byte[] finish(MessageType type, Header header) {
        if (length > WireLayout.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(type + " of " + length + " bytes exceeds the maximum of "
                    + WireLayout.MAX_MESSAGE_LENGTH);
        }
        byte[] message = Arrays.copyOf(buffer, length);
        BigEndian.putU16(message, WireLayout.LENGTH, length);
        message[WireLayout.TYPE] = (byte) type.code();
        message[WireLayout.PAYLOAD_OFFSET] = WireLayout.HEADER_LENGTH;
        BigEndian.putU32(message, WireLayout.TIME, header.time().getEpochSecond());
        BigEndian.putU32(message, WireLayout.XID, header.xid());
        return message;
    }

    private void append(OptionCode option, byte[] value) {
        if (value.length > 0xffff) {
            throw new IllegalArgumentException(option + " value of " + value.length + " bytes does not fit");
        }
        int needed = length + WireLayout.OPTION_HEADER_LENGTH + value.length;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        BigEndian.putU16(buffer, length, option.code());
        BigEndian.putU16(buffer, length + 2, value.length);
        System.arraycopy(value, 0, buffer, length + WireLayout.OPTION_HEADER_LENGTH, value.length);
        length = needed;
    }
}

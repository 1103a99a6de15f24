package io.tandem.failover.wire;

import io.tandem.protocol.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options the decoder accepted from one message, as positions in its bytes, read into values on demand. Each
 * option's length was checked against its type before it got here, so the reads cannot fail.
 */
final class ReceivedOptions {

    private final byte[] message;
    private final Map<OptionCode, int[]> slices = new EnumMap<>(OptionCode.class);

    ReceivedOptions(byte[] message) {
        this.message = message;
    }

    /** Records that {@code option}'s value is {@code length} bytes at {@code offset}; false if it was seen. */
    boolean add(OptionCode option, int offset, int length) {
        return slices.putIfAbsent(option, new int[] {offset, length}) == null;
    }

    Optional<Integer> u8(OptionCode option) {
        return slice(option).map(slice -> BigEndian.u8(message, slice[0]));
    }

    Optional<Integer> u16(OptionCode option) {
        return slice(option).map(slice -> BigEndian.u16(message, slice[0]));
    }

    Optional<Long> u32(OptionCode option) {
        return slice(option).map(slice -> BigEndian.u32(message, slice[0]));
    }

    Optional<Instant> time(OptionCode option) {
        return u32(option).map(Instant::ofEpochSecond);
    }

    Optional<Duration> seconds(OptionCode option) {
        return u32(option).map(Duration::ofSeconds);
    }

    Optional<Ipv4Address> address(OptionCode option) {
        return slice(option).map(slice -> Ipv4Address.fromBytes(message, slice[0]));
    }

    Optional<String> text(OptionCode option) {
        return slice(option).map(slice -> new String(message, slice[0], slice[1], WireValues.TEXT));
    }

    Optional<byte[]> bytes(OptionCode option) {
        return slice(option).map(slice -> Arrays.copyOfRange(message, slice[0], slice[0] + slice[1]));
    }

    private Optional<int[]> slice(OptionCode option) {
        return Optional.ofNullable(slices.get(option));
    }
}

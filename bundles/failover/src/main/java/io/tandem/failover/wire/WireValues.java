package io.tandem.failover.wire;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The ranges of the wire's value types, checked when a model record is built so that every record can be encoded
 * and decodes back to an equal record.
 */
final class WireValues {

    static final long MAX_U32 = 0xffff_ffffL;
    /**
     * TEXT options are bytes without a terminator; reading each byte as one ISO-8859-1 character keeps any byte
     * string intact through decode and encode. ISC's texts (names, versions, messages) are ASCII.
     */
    static final Charset TEXT = StandardCharsets.ISO_8859_1;

    private WireValues() {
    }

    static int requireU8(int value, String what) {
        return requireRange(value, 0xff, what);
    }

    static int requireU16(int value, String what) {
        return requireRange(value, 0xffff, what);
    }

    static long requireU32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(what + " " + value + " is not 0-" + MAX_U32);
        }
        return value;
    }

    /** TIME: whole seconds since 1970 that fit 32 unsigned bits (0 is how ISC says "never"). */
    static Instant requireTime(Instant time, String what) {
        Objects.requireNonNull(time, what);
        if (time.getNano() != 0) {
            throw new IllegalArgumentException(what + " " + time + " is not a whole second");
        }
        requireU32(time.getEpochSecond(), what);
        return time;
    }

    /** A duration sent as 32-bit unsigned seconds (MCLT, receive-timer). */
    static Duration requireSeconds(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException(what + " " + duration + " is not whole seconds");
        }
        requireU32(duration.getSeconds(), what);
        return duration;
    }

    static String requireText(String text, String what) {
        Objects.requireNonNull(text, what);
        if (!TEXT.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException(what + " '" + text + "' has characters outside ISO-8859-1");
        }
        return text;
    }

    /** Applies {@code check} to an optional record component; absent is always fine, null never is. */
    static <T> Optional<T> requireIfPresent(Optional<T> value, String what, BiFunction<T, String, T> check) {
        Objects.requireNonNull(value, what).ifPresent(present -> check.apply(present, what));
        return value;
    }

    private static int requireRange(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is not 0-" + max);
        }
        return value;
    }
}

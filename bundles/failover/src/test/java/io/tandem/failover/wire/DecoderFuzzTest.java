package io.tandem.failover.wire;

import static io.tandem.failover.wire.RawMessages.message;
import static io.tandem.failover.wire.RawMessages.option;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.testing.ByteMutations;
import io.tandem.protocol.testing.SeededMutator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing over every distinct message of the ISC captures (plus the options they lack): only
 * {@link FailoverParseException} may escape the decoder or the framer, whatever is accepted re-encodes to an equal
 * message, and the framer agrees with the decoder on every input.
 */
class DecoderFuzzTest {

    private static final long SEED = 20_261_128L;
    private static final int INPUTS = 1_000_000;
    /** One input in this many also goes through a framer, cut at a random point. */
    private static final int FRAMED_EVERY = 8;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onlyParseExceptionsEscapeAndAcceptedInputsRoundTrip() {
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        Mutator mutator = new Mutator(random, seeds);
        int accepted = 0;
        // Every reason the decoder gave, with numbers and option names left out.
        Set<String> rejectionKinds = new TreeSet<>();
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutator.mutate(seeds.get(i % seeds.size()));
            FailoverMessage message = decodeOrNull(i, input, rejectionKinds);
            if (message != null) {
                accepted++;
                assertRoundTrips(i, input, message);
            }
            if (i % FRAMED_EVERY == 0) {
                assertFramerAgrees(i, input, message, random);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("failover fuzz: %d inputs from %d seeds, %d accepted, %d ms%n", INPUTS, seeds.size(),
                accepted, millis);
        assertThat(accepted).as("mutations should not all be rejected").isGreaterThan(INPUTS / 20);
        assertThat(accepted).as("mutations should not all be accepted").isLessThan(INPUTS - INPUTS / 20);
        // The mutations reach every check, not only the length field.
        assertThat(rejectionKinds).containsExactlyInAnyOrder(
                "message of N bytes is shorter than the N-byte header",
                "message length N is shorter than the N-byte header",
                "message length N exceeds the maximum of N",
                "message length N but N bytes given",
                "message type N is not defined",
                "payload offset N points into the N-byte header",
                "payload offset N is beyond the message length N",
                "option header needs N bytes, N remain",
                "option N of length N overruns the end of the message by N",
                "option N has length N, must be N",
                "option N has length N, must be at least N",
                "option N has length N, must be N-N",
                "option N appears twice",
                "option N is not the last option");
    }

    private static FailoverMessage decodeOrNull(int i, byte[] input, Set<String> rejectionKinds) {
        try {
            return FailoverDecoder.decode(input);
        } catch (FailoverParseException expected) {
            rejectionKinds.add(expected.getReason().replaceAll(" \\([^)]*\\)", "").replaceAll("[0-9]+", "N"));
            return null;
        } catch (RuntimeException | Error unexpected) {
            throw new AssertionError("input " + i + " escaped with " + unexpected + ": " + hex(input), unexpected);
        }
    }

    private static void assertRoundTrips(int i, byte[] input, FailoverMessage message) {
        try {
            FailoverMessage again = FailoverDecoder.decode(FailoverEncoder.encode(message));
            if (!again.equals(message)) {
                throw new AssertionError("input " + i + " did not round trip: " + hex(input) + "\n  decoded "
                        + message + "\n  re-decoded " + again);
            }
        } catch (FailoverParseException | RuntimeException e) {
            throw new AssertionError("input " + i + " decoded but did not re-encode: " + hex(input), e);
        }
    }

    /** Cut anywhere, the framer yields what the decoder yields for a whole message, or refuses it. */
    private static void assertFramerAgrees(int i, byte[] input, FailoverMessage decoded, Random random) {
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> framed = new ArrayList<>();
        int cut = input.length == 0 ? 0 : random.nextInt(input.length + 1);
        try {
            framer.feed(input, 0, cut, framed::add);
            framer.feed(input, cut, input.length - cut, framed::add);
        } catch (FailoverParseException expected) {
            assertThat(decoded).as("input %d: framer refused what the decoder took: %s", i, hex(input)).isNull();
            return;
        } catch (RuntimeException | Error unexpected) {
            throw new AssertionError("input " + i + " escaped the framer with " + unexpected + ": " + hex(input),
                    unexpected);
        }
        if (decoded != null) {
            assertThat(framed).as("input %d: %s", i, hex(input)).containsExactly(decoded);
        } else {
            // Not one message, yet the framer took it all without error: it must be waiting for the rest of a
            // message, or have found several (a single one the decoder would have taken), or have had nothing.
            assertThat(input.length == 0 || framer.bufferedBytes() > 0 || framed.size() >= 2)
                    .as("input %d: %d framed, %d buffered: %s", i, framed.size(), framer.bufferedBytes(), hex(input))
                    .isTrue();
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Every distinct captured message, and messages with the options ISC never sends. */
    private static List<byte[]> seeds() {
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        for (Captures.Captured captured : Captures.all()) {
            distinct.putIfAbsent(hex(captured.bytes()), captured.bytes());
        }
        List<byte[]> seeds = new ArrayList<>(distinct.values());
        seeds.add(message(3, option(2, 10, 0, 0, 1), option(3, 2), option(4, 0, 'c'), option(5, 1, 2, 0, 0, 0, 0, 1),
                option(12, 0, 3), option(9, 1, 2, 'h'), option(8, 55, 1, 3), option(7, 51, 4, 0, 0, 0, 60)));
        seeds.add(message(2, option(1, 0, 0, 0, 10)));
        seeds.add(message(12, option(21, 8), option(16, 'n', 'o')));
        seeds.add(message(6, 16, new byte[] {1, 2, 3, 4}, option(22, 'x'), option(21, 7), option(16, 'd')));
        seeds.add(message(4, option(2, 10, 0, 0, 1), option(3, 1), option(17, 9, 9)));
        return seeds;
    }

    /** One to three random mutations of a seed, sometimes with the length field made to match again. */
    private static final class Mutator extends SeededMutator {

        Mutator(Random random, List<byte[]> seeds) {
            super(random, seeds);
        }

        @Override
        protected byte[] finish(byte[] bytes) {
            // Without this most size-changing mutations would stop at the length check and never reach options.
            if (random.nextInt(4) != 0 && bytes.length >= 2 && bytes.length <= 0xffff) {
                BigEndian.putU16(bytes, WireLayout.LENGTH, bytes.length);
            }
            return bytes;
        }

        @Override
        protected byte[] mutateFormat(byte[] bytes) {
            return switch (random.nextInt(7)) {
                case 0 -> setRandomByte(bytes);
                case 1 -> insert(bytes, ByteMutations.randomBytes(random, 1 + random.nextInt(8)));
                case 2 -> corruptOptionLength(bytes);
                case 3 -> duplicateOption(bytes);
                case 4 -> setHeaderByte(bytes, WireLayout.TYPE, random.nextInt(14));
                case 5 -> setHeaderByte(bytes, WireLayout.PAYLOAD_OFFSET, random.nextInt(24));
                default -> insert(bytes, randomOption());
            };
        }

        private byte[] setRandomByte(byte[] bytes) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            return bytes;
        }

        private byte[] setHeaderByte(byte[] bytes, int offset, int value) {
            if (bytes.length > offset) {
                bytes[offset] = (byte) value;
            }
            return bytes;
        }

        /** An option with a code ISC knows (mostly), of a length around what its type needs. */
        private byte[] randomOption() {
            int code = random.nextInt(8) == 0 ? random.nextInt(0x10000) : random.nextInt(31);
            int[] value = new int[random.nextInt(8) == 0 ? random.nextInt(40) : random.nextInt(6)];
            for (int i = 0; i < value.length; i++) {
                value[i] = random.nextInt(256);
            }
            return option(code, value);
        }

        private byte[] insert(byte[] bytes, byte[] inserted) {
            // Mostly on an option boundary, where an inserted option is read as one.
            List<Integer> starts = optionStarts(bytes);
            int position = !starts.isEmpty() && random.nextBoolean() ? starts.get(random.nextInt(starts.size()))
                    : random.nextInt(bytes.length + 1);
            return ByteMutations.insertAt(bytes, position, inserted);
        }

        /** Offsets of the option codes, read the way the captures are laid out (payload offset 12). */
        private static List<Integer> optionStarts(byte[] bytes) {
            List<Integer> starts = new ArrayList<>();
            int position = WireLayout.HEADER_LENGTH;
            while (position + WireLayout.OPTION_HEADER_LENGTH <= bytes.length) {
                starts.add(position);
                position += WireLayout.OPTION_HEADER_LENGTH + BigEndian.u16(bytes, position + 2);
            }
            return starts;
        }

        private byte[] corruptOptionLength(byte[] bytes) {
            List<Integer> starts = optionStarts(bytes);
            if (starts.isEmpty()) {
                return ByteMutations.flipBits(random, bytes);
            }
            int start = starts.get(random.nextInt(starts.size()));
            int length = BigEndian.u16(bytes, start + 2);
            int changed = random.nextBoolean() ? length + random.nextInt(7) - 3 : random.nextInt(0x10000);
            BigEndian.putU16(bytes, start + 2, Math.max(0, Math.min(0xffff, changed)));
            return bytes;
        }

        private byte[] duplicateOption(byte[] bytes) {
            List<Integer> starts = optionStarts(bytes);
            if (starts.isEmpty()) {
                return bytes;
            }
            int start = starts.get(random.nextInt(starts.size()));
            int end = Math.min(bytes.length, start + WireLayout.OPTION_HEADER_LENGTH + BigEndian.u16(bytes, start + 2));
            return ByteMutations.insertAt(bytes, starts.get(random.nextInt(starts.size())),
                    Arrays.copyOfRange(bytes, start, end));
        }
    }
}

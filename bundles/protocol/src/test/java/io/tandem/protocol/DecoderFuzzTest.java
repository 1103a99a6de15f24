package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.testing.ByteMutations;
import io.tandem.protocol.testing.SeededMutator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of the decoder over the captured fixtures and synthetic messages: only
 * {@link DhcpParseException} may escape, and whatever is accepted must re-encode and decode to an equal message
 * and, encoded as a reply, fit the size limit and decode.
 */
class DecoderFuzzTest {

    private static final long SEED = 20_261_124L;
    private static final int INPUTS = 1_000_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onlyParseExceptionsEscapeAndAcceptedInputsRoundTrip() {
        List<byte[]> seeds = seeds();
        Mutator mutator = new Mutator(new Random(SEED), seeds);
        int accepted = 0;
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutator.mutate(seeds.get(i % seeds.size()));
            DhcpMessage message;
            try {
                message = DhcpDecoder.decode(input);
            } catch (DhcpParseException expected) {
                continue;
            } catch (RuntimeException | Error unexpected) {
                throw new AssertionError("input " + i + " escaped with " + unexpected + ": "
                        + HexFormat.of().formatHex(input), unexpected);
            }
            accepted++;
            assertRoundTrips(i, input, message);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("fuzz: %d inputs, %d accepted, %d ms%n", INPUTS, accepted, millis);
        assertThat(accepted).as("mutations should not all be rejected").isGreaterThan(INPUTS / 100);
    }

    /** Re-encoding reproduces the message; encoding it as a reply to itself fits and decodes. */
    private static void assertRoundTrips(int i, byte[] input, DhcpMessage message) {
        try {
            DhcpMessage again = DhcpDecoder.decode(DhcpEncoder.encode(message));
            if (!again.equals(message)) {
                throw new AssertionError("input " + i + " did not round trip: " + HexFormat.of().formatHex(input)
                        + "\n  decoded " + message + "\n  re-decoded " + again);
            }
            byte[] reply = DhcpEncoder.encodeReply(message, message);
            assertThat(reply.length).isLessThanOrEqualTo(DhcpEncoder.maxReplyLength(message));
            DhcpDecoder.decode(reply);
        } catch (IllegalArgumentException mandatoryOptionsTooBig) {
            assertThat(mandatoryOptionsTooBig).hasMessageContaining("mandatory options");
        } catch (DhcpParseException | RuntimeException e) {
            throw new AssertionError("input " + i + " decoded but its encoding failed: "
                    + HexFormat.of().formatHex(input), e);
        }
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(Fixtures.present().values());
        DhcpMessage request = TestPackets.request();
        DhcpMessage ack = TestPackets.ack(request);
        seeds.add(DhcpEncoder.encode(request));
        seeds.add(DhcpEncoder.encode(ack));
        seeds.add(DhcpEncoder.encodeReply(ack.toBuilder()
                .option(OptionCode.valueOf(43), new byte[250])
                .option(OptionCode.valueOf(224), new byte[90])
                .option(OptionCode.valueOf(225), new byte[40])
                .build(), request));
        seeds.add(DhcpEncoder.encode(request.toBuilder()
                .clientFqdn(new ClientFqdn(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S, 0, 0, "host.example.org."))
                .relayAgentInformation(RelayAgentInformation.builder().circuitId(new byte[] {1, 2})
                        .linkSelection(Ipv4Address.parse("10.0.0.0")).build())
                .subnetSelection(Ipv4Address.parse("10.0.0.0"))
                .option(OptionCode.valueOf(224), new byte[400])
                .build()));
        seeds.add(TestPackets.withOptions(1, 4, 255, 255, 255, 0, 255));
        return seeds;
    }

    /** Produces one to three random mutations of a seed. */
    private static final class Mutator extends SeededMutator {

        Mutator(Random random, List<byte[]> seeds) {
            super(random, seeds);
        }

        @Override
        protected byte[] mutateFormat(byte[] bytes) {
            return switch (random.nextInt(6)) {
                case 0 -> setRandomByte(bytes);
                case 1 -> insert(bytes, ByteMutations.randomBytes(random, 1 + random.nextInt(8)));
                case 2 -> corruptOptionLength(bytes);
                case 3 -> overloadTrick(bytes);
                case 4 -> duplicateOption(bytes);
                default -> garbageAfterEnd(bytes);
            };
        }

        private byte[] setRandomByte(byte[] bytes) {
            int position = random.nextBoolean() && bytes.length > WireLayout.OPTIONS
                    ? WireLayout.OPTIONS + random.nextInt(bytes.length - WireLayout.OPTIONS)
                    : random.nextInt(bytes.length);
            bytes[position] = (byte) random.nextInt();
            return bytes;
        }

        private byte[] insert(byte[] bytes, byte[] inserted) {
            return ByteMutations.insertAt(bytes, random.nextInt(bytes.length + 1), inserted);
        }

        /** Offsets of the option code bytes in the options field. */
        private static List<Integer> optionStarts(byte[] bytes) {
            List<Integer> starts = new ArrayList<>();
            int position = WireLayout.OPTIONS;
            while (position + 1 < bytes.length && bytes[position] != (byte) 255) {
                if (bytes[position] == 0) {
                    position++;
                } else {
                    starts.add(position);
                    position += 2 + (bytes[position + 1] & 0xff);
                }
            }
            return starts;
        }

        private byte[] corruptOptionLength(byte[] bytes) {
            List<Integer> starts = optionStarts(bytes);
            if (starts.isEmpty()) {
                return ByteMutations.flipBits(random, bytes);
            }
            int lengthByte = starts.get(random.nextInt(starts.size())) + 1;
            int delta = random.nextBoolean() ? random.nextInt(5) - 2 : random.nextInt(256);
            bytes[lengthByte] = (byte) (random.nextBoolean() ? bytes[lengthByte] + delta : delta);
            return bytes;
        }

        /** Adds option 52 with any value, and fills sname/file with option-like bytes, sometimes 52 itself. */
        private byte[] overloadTrick(byte[] bytes) {
            if (bytes.length <= WireLayout.OPTIONS) {
                return bytes;
            }
            int value = random.nextInt(5);
            byte[] result = ByteMutations.insertAt(bytes, WireLayout.OPTIONS, new byte[] {52, 1, (byte) value});
            int field = random.nextBoolean() ? WireLayout.FILE : WireLayout.SNAME;
            int fieldLength = field == WireLayout.FILE ? WireLayout.FILE_LENGTH : WireLayout.SNAME_LENGTH;
            int position = field;
            while (position < field + fieldLength - 3 && random.nextInt(4) != 0) {
                int code = random.nextInt(6) == 0 ? 52 : 1 + random.nextInt(130);
                int length = random.nextInt(Math.min(8, field + fieldLength - position - 2));
                result[position] = (byte) code;
                result[position + 1] = (byte) length;
                for (int i = 0; i < length; i++) {
                    result[position + 2 + i] = (byte) random.nextInt();
                }
                position += 2 + length;
            }
            result[position] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : 255);
            return result;
        }

        private byte[] duplicateOption(byte[] bytes) {
            List<Integer> starts = optionStarts(bytes);
            if (starts.isEmpty()) {
                return bytes;
            }
            int start = starts.get(random.nextInt(starts.size()));
            int end = Math.min(bytes.length, start + 2 + (bytes[start + 1] & 0xff));
            byte[] option = Arrays.copyOfRange(bytes, start, end);
            int target = starts.get(random.nextInt(starts.size()));
            return ByteMutations.insertAt(bytes, target, option);
        }

        private byte[] garbageAfterEnd(byte[] bytes) {
            for (int position = WireLayout.OPTIONS; position < bytes.length; position++) {
                if (bytes[position] == (byte) 255) {
                    if (position + 1 < bytes.length) {
                        bytes[position + 1 + random.nextInt(bytes.length - position - 1)] = (byte) random.nextInt(2);
                    }
                    return bytes;
                }
            }
            return bytes;
        }
    }
}

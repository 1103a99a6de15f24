package io.tandem.failover.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The framer yields the same messages however the stream is cut: as ISC's TCP segments came, split at every byte,
 * one byte at a time, in random chunks, or all at once.
 */
class FramingTest {

    static Stream<TcpStreams.Direction> directions() {
        return Stream.of(Captures.HANDSHAKE, Captures.RESTART)
                .flatMap(capture -> Captures.directions(capture).stream());
    }

    /** The messages of one direction as cut by the test's own reading of the length fields. */
    private static List<FailoverMessage> expected(TcpStreams.Direction direction) throws FailoverParseException {
        List<FailoverMessage> messages = new ArrayList<>();
        for (Captures.Captured captured : Captures.all()) {
            if (captured.direction().equals(direction.name())) {
                messages.add(FailoverDecoder.decode(captured.bytes()));
            }
        }
        return messages;
    }

    private static List<FailoverMessage> frame(byte[] stream, int... cuts) throws FailoverParseException {
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> messages = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            framer.feed(stream, from, cut - from, messages::add);
            from = cut;
        }
        framer.feed(stream, from, stream.length - from, messages::add);
        assertThat(framer.bufferedBytes()).isZero();
        return messages;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void segmentsAsCaptured(TcpStreams.Direction direction) throws FailoverParseException {
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> messages = new ArrayList<>();
        for (TcpStreams.Chunk chunk : direction.chunks()) {
            framer.feed(direction.bytes(), chunk.streamOffset(), chunk.length(), messages::add);
        }

        assertThat(messages).isEqualTo(expected(direction));
        assertThat(framer.bufferedBytes()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void splitAtEveryByte(TcpStreams.Direction direction) throws FailoverParseException {
        List<FailoverMessage> expected = expected(direction);
        byte[] stream = direction.bytes();
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(frame(stream, cut)).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void oneByteAtATime(TcpStreams.Direction direction) throws FailoverParseException {
        byte[] stream = direction.bytes();
        assertThat(frame(stream, IntStream.range(1, stream.length).toArray()))
                .isEqualTo(expected(direction));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void randomChunks(TcpStreams.Direction direction) throws FailoverParseException {
        byte[] stream = direction.bytes();
        Random random = new Random(647);
        for (int round = 0; round < 200; round++) {
            int[] cuts = random.ints(1 + random.nextInt(40), 1, stream.length).sorted().distinct().toArray();
            assertThat(frame(stream, cuts)).isEqualTo(expected(direction));
        }
    }

    @Test
    void theCapturesHaveSegmentsWithManyMessages() {
        // ISC writes what it queued in one go: frame 11 of the handshake is 13 messages (STATE, two UPDREQALL,
        // ten BNDUPD), which is what the framer's several-messages-per-chunk path is for.
        long inFrame11 = Captures.messages(Captures.HANDSHAKE).stream().filter(captured -> captured.frame() == 11)
                .count();
        assertThat(inFrame11).isEqualTo(13);
    }

    @Test
    void everyCapturedMessageConcatenatedInOneChunk() throws FailoverParseException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<FailoverMessage> expected = new ArrayList<>();
        for (Captures.Captured captured : Captures.all()) {
            stream.writeBytes(captured.bytes());
            expected.add(FailoverDecoder.decode(captured.bytes()));
        }

        assertThat(frame(stream.toByteArray())).hasSize(201).isEqualTo(expected);
    }

    @Test
    void aPartialMessageStaysBufferedUntilItsLastByte() throws FailoverParseException {
        byte[] connect = Captures.messages(Captures.HANDSHAKE).get(0).bytes();
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> messages = new ArrayList<>();

        framer.feed(connect, 0, 1, messages::add);
        assertThat(framer.bufferedBytes()).isEqualTo(1);
        framer.feed(connect, 1, connect.length - 2, messages::add);
        assertThat(framer.bufferedBytes()).isEqualTo(connect.length - 1);
        assertThat(messages).isEmpty();
        framer.feed(connect, connect.length - 1, 1, messages::add);

        assertThat(messages).singleElement().isInstanceOf(Connect.class);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void anOversizedLengthIsRefusedAsSoonAsItsTwoBytesArrive() {
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> messages = new ArrayList<>();

        assertThatThrownBy(() -> framer.feed(new byte[] {(byte) 0xff, (byte) 0xff}, 0, 2, messages::add))
                .isInstanceOf(FailoverParseException.class)
                .hasMessage("offset 0: message length 65535 exceeds the maximum of 2048");
        assertThat(framer.bufferedBytes()).as("nothing buffered for a refused length").isZero();
    }

    @Test
    void aLengthSplitAcrossChunksIsCheckedToo() throws FailoverParseException {
        MessageFramer framer = new MessageFramer();
        framer.feed(new byte[] {0x08}, 0, 1, message -> { });

        assertThatThrownBy(() -> framer.feed(new byte[] {0x01}, 0, 1, message -> { }))
                .isInstanceOf(FailoverParseException.class)
                .hasMessage("offset 0: message length 2049 exceeds the maximum of 2048");
    }

    @Test
    void messagesBeforeAMalformedOneAreDeliveredAndTheStreamStaysFailed() {
        byte[] contact = Captures.messages(Captures.HANDSHAKE).stream()
                .filter(captured -> captured.typeCode() == MessageType.CONTACT.code()).findFirst().orElseThrow()
                .bytes();
        byte[] garbage = {0x00, 0x0b, 0x0b, 0x0c, 0, 0, 0, 0, 0, 0, 0};
        byte[] stream = concat(contact, contact, garbage, contact);
        MessageFramer framer = new MessageFramer();
        List<FailoverMessage> messages = new ArrayList<>();

        assertThatThrownBy(() -> framer.feed(stream, 0, stream.length, messages::add))
                .isInstanceOf(FailoverParseException.class)
                .hasMessage("offset 0: message length 11 is shorter than the 12-byte header");
        assertThat(messages).hasSize(2).allMatch(Contact.class::isInstance);
        assertThatThrownBy(() -> framer.feed(contact, 0, contact.length, messages::add))
                .isInstanceOf(FailoverParseException.class)
                .hasMessage("offset 0: message length 11 is shorter than the 12-byte header");
        assertThat(messages).hasSize(2);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}

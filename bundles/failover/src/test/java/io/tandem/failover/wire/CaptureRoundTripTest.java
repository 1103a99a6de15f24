package io.tandem.failover.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failover message ISC sent in the lab captures decodes and re-encodes to exactly its captured bytes. */
class CaptureRoundTripTest {

    static List<Captures.Captured> capturedMessages() {
        return Captures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturedMessages")
    void decodesAndReencodesByteForByte(Captures.Captured captured) throws FailoverParseException {
        FailoverMessage message = FailoverDecoder.decode(captured.bytes());

        assertThat(message.type().code()).isEqualTo(captured.typeCode());
        assertThat(HexFormat.of().formatHex(FailoverEncoder.encode(message)))
                .isEqualTo(HexFormat.of().formatHex(captured.bytes()));
    }

    @Test
    void handshakeHoldsTheMessagesItIsDocumentedToHold() throws FailoverParseException {
        assertThat(countByType(Captures.HANDSHAKE)).isEqualTo(new TreeMap<>(Map.of(
                MessageType.CONNECT, 1L, MessageType.CONNECTACK, 1L, MessageType.STATE, 8L,
                MessageType.UPDREQALL, 4L, MessageType.UPDDONE, 2L, MessageType.BNDUPD, 60L,
                MessageType.BNDACK, 60L, MessageType.CONTACT, 32L)));
    }

    @Test
    void restartHoldsTheMessagesItIsDocumentedToHold() throws FailoverParseException {
        assertThat(countByType(Captures.RESTART)).isEqualTo(new TreeMap<>(Map.of(
                MessageType.CONNECT, 2L, MessageType.CONNECTACK, 1L, MessageType.STATE, 4L,
                MessageType.BNDUPD, 9L, MessageType.BNDACK, 9L, MessageType.CONTACT, 8L)));
    }

    private static Map<MessageType, Long> countByType(String capture) throws FailoverParseException {
        Map<MessageType, Long> counts = new TreeMap<>();
        for (Captures.Captured captured : Captures.messages(capture)) {
            counts.merge(FailoverDecoder.decode(captured.bytes()).type(), 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void capturedStreamsAreWhole() {
        // Every direction starts with its SYN, has no gap and ends on a message boundary (TcpStreams and Captures
        // check that). The restart capture's second connection carries only the primary's CONNECT: the
        // secondary closed it with a FIN, without a CONNECTACK.
        assertThat(Captures.directions(Captures.HANDSHAKE).stream().map(TcpStreams.Direction::name)
                .collect(Collectors.toList())).containsExactly(
                        "192.168.77.1:36079 -> 192.168.77.2:647", "192.168.77.2:647 -> 192.168.77.1:36079");
        assertThat(Captures.directions(Captures.RESTART).stream().map(TcpStreams.Direction::name)
                .collect(Collectors.toList())).containsExactly(
                        "192.168.77.2:41989 -> 192.168.77.1:647", "192.168.77.1:647 -> 192.168.77.2:41989",
                        "192.168.77.1:33073 -> 192.168.77.2:647");
    }
}

package io.tandem.failover.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The failover messages ISC dhcpd 4.4.3-P1 exchanged in the two lab captures under src/test/resources/captures/
 * (see the README there). Messages are cut from each direction's byte stream by their length field alone, so
 * that the production framer and decoder are checked against an independent reading.
 */
final class Captures {

    static final String HANDSHAKE = "isc-failover-handshake.pcap";
    static final String RESTART = "isc-failover-restart-dualconnect.pcap";
    static final String PRIMARY = "192.168.77.1";
    static final String SECONDARY = "192.168.77.2";

    /** One message as captured: where it came from and its exact bytes. */
    record Captured(String capture, int frame, String direction, byte[] bytes) {

        boolean fromPrimary() {
            return direction.startsWith(PRIMARY + ":");
        }

        int typeCode() {
            return bytes[2] & 0xff;
        }

        @Override
        public String toString() {
            return capture + " frame " + frame + " (" + direction + ", type " + typeCode() + ", "
                    + bytes.length + " bytes)";
        }
    }

    private Captures() {
    }

    static List<TcpStreams.Direction> directions(String capture) {
        return TcpStreams.of(PcapReader.read("/captures/" + capture));
    }

    /** Every message of {@code capture}, direction by direction, in stream order. */
    static List<Captured> messages(String capture) {
        List<Captured> messages = new ArrayList<>();
        for (TcpStreams.Direction direction : directions(capture)) {
            byte[] stream = direction.bytes();
            int position = 0;
            while (position < stream.length) {
                if (stream.length - position < 2) {
                    throw new AssertionError(direction.name() + " ends inside a length field");
                }
                int length = ((stream[position] & 0xff) << 8) | (stream[position + 1] & 0xff);
                if (length < 12 || position + length > stream.length) {
                    throw new AssertionError(direction.name() + ": bad length " + length + " at " + position);
                }
                messages.add(new Captured(capture, direction.frameAt(position), direction.name(),
                        Arrays.copyOfRange(stream, position, position + length)));
                position += length;
            }
        }
        return messages;
    }

    /** Every message of both captures. */
    static List<Captured> all() {
        List<Captured> all = new ArrayList<>(messages(HANDSHAKE));
        all.addAll(messages(RESTART));
        return all;
    }
}

package io.tandem.failover.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload bytes of each direction of each TCP connection in a capture, in sequence order, with the segment
 * boundaries they arrived in. A retransmitted byte is taken once; a gap in the sequence fails the test, because a
 * capture that lost bytes cannot prove anything byte for byte.
 */
final class TcpStreams {

    /** Where one segment's payload lies in its direction's byte stream. */
    record Chunk(int frame, int streamOffset, int length) {
    }

    /** One direction of one connection. */
    record Direction(String name, byte[] bytes, List<Chunk> chunks) {

        /** The frame whose segment carried the byte at {@code streamOffset}. */
        int frameAt(int streamOffset) {
            for (Chunk chunk : chunks) {
                if (streamOffset >= chunk.streamOffset() && streamOffset < chunk.streamOffset() + chunk.length()) {
                    return chunk.frame();
                }
            }
            throw new IllegalArgumentException("offset " + streamOffset + " is not in " + name);
        }
    }

    private TcpStreams() {
    }

    /** The directions that carried payload, in the order their first segment appears in the capture. */
    static List<Direction> of(List<PcapReader.Segment> segments) {
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (PcapReader.Segment segment : segments) {
            builders.computeIfAbsent(segment.direction(), Builder::new).add(segment);
        }
        return builders.values().stream().filter(builder -> builder.bytes.size() > 0).map(Builder::build).toList();
    }

    private static final class Builder {

        private final String name;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Chunk> chunks = new ArrayList<>();
        private long nextSequence = -1;

        Builder(String name) {
            this.name = name;
        }

        void add(PcapReader.Segment segment) {
            if (segment.has(PcapReader.Segment.SYN)) {
                nextSequence = (segment.sequence() + 1) & 0xffff_ffffL;
                return;
            }
            byte[] payload = segment.payload();
            if (payload.length == 0) {
                return;
            }
            if (nextSequence < 0) {
                throw new AssertionError(name + ": frame " + segment.frame() + " carries data before the SYN");
            }
            long skip = (nextSequence - segment.sequence()) & 0xffff_ffffL;
            if (skip > Integer.MAX_VALUE) {
                throw new AssertionError(name + ": bytes missing before frame " + segment.frame());
            }
            if (skip >= payload.length) {
                return; // a retransmission of bytes already taken
            }
            chunks.add(new Chunk(segment.frame(), bytes.size(), payload.length - (int) skip));
            bytes.write(payload, (int) skip, payload.length - (int) skip);
            nextSequence = (nextSequence + payload.length - skip) & 0xffff_ffffL;
        }

        Direction build() {
            return new Direction(name, bytes.toByteArray(), List.copyOf(chunks));
        }
    }
}

package io.tandem.failover.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the TCP segments of a classic pcap file (not pcapng) of Ethernet frames carrying IPv4: just enough to
 * take the captured failover traffic apart without tshark. Anything else in the file fails the test.
 */
final class PcapReader {

    private static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    private static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERNET_HEADER = 14;
    private static final int PROTOCOL_TCP = 6;

    /** One TCP segment: the pcap frame number (1-based, as Wireshark counts) and what the segment says. */
    record Segment(int frame, String source, String destination, long sequence, int flags, byte[] payload) {

        static final int SYN = 0x02;

        /** {@code 192.168.77.1:36079 -> 192.168.77.2:647}: one direction of one connection. */
        String direction() {
            return source + " -> " + destination;
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private PcapReader() {
    }

    static List<Segment> read(String resource) {
        try (InputStream in = PcapReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("test resource " + resource + " is missing");
            }
            return segments(ByteBuffer.wrap(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Segment> segments(ByteBuffer file) {
        int magic = file.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != MAGIC_MICROSECONDS && magic != MAGIC_NANOSECONDS) {
            file.order(ByteOrder.BIG_ENDIAN);
            magic = file.getInt(0);
        }
        if (magic != MAGIC_MICROSECONDS && magic != MAGIC_NANOSECONDS) {
            throw new AssertionError("not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        int linkType = file.getInt(20);
        if (linkType != LINKTYPE_ETHERNET) {
            throw new AssertionError("link type " + linkType + ", only Ethernet (1) is read");
        }
        List<Segment> segments = new ArrayList<>();
        int position = 24;
        for (int frame = 1; position < file.limit(); frame++) {
            int captured = file.getInt(position + 8);
            int original = file.getInt(position + 12);
            if (captured != original) {
                throw new AssertionError("frame " + frame + " was truncated by the capture");
            }
            byte[] packet = Arrays.copyOfRange(file.array(), position + 16, position + 16 + captured);
            position += 16 + captured;
            Segment segment = tcpSegment(frame, ByteBuffer.wrap(packet));
            if (segment != null) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** The TCP segment in an Ethernet frame, or null if the frame is not IPv4 TCP. */
    private static Segment tcpSegment(int frame, ByteBuffer packet) {
        if (packet.limit() < ETHERNET_HEADER || (packet.getShort(12) & 0xffff) != ETHERTYPE_IPV4) {
            return null;
        }
        int ip = ETHERNET_HEADER;
        int ipHeaderLength = (packet.get(ip) & 0x0f) * 4;
        // The IP total length, not the frame length: short frames carry Ethernet padding after the packet.
        int ipEnd = ip + (packet.getShort(ip + 2) & 0xffff);
        if ((packet.getShort(ip + 6) & 0x3fff) != 0) {
            throw new AssertionError("frame " + frame + " is an IP fragment");
        }
        if ((packet.get(ip + 9) & 0xff) != PROTOCOL_TCP) {
            return null;
        }
        int tcp = ip + ipHeaderLength;
        int tcpHeaderLength = ((packet.get(tcp + 12) & 0xf0) >> 4) * 4;
        String source = address(packet, ip + 12) + ":" + (packet.getShort(tcp) & 0xffff);
        String destination = address(packet, ip + 16) + ":" + (packet.getShort(tcp + 2) & 0xffff);
        long sequence = packet.getInt(tcp + 4) & 0xffff_ffffL;
        int flags = packet.get(tcp + 13) & 0xff;
        byte[] payload = Arrays.copyOfRange(packet.array(), tcp + tcpHeaderLength, ipEnd);
        return new Segment(frame, source, destination, sequence, flags, payload);
    }

    private static String address(ByteBuffer packet, int offset) {
        return (packet.get(offset) & 0xff) + "." + (packet.get(offset + 1) & 0xff) + "."
                + (packet.get(offset + 2) & 0xff) + "." + (packet.get(offset + 3) & 0xff);
    }
}

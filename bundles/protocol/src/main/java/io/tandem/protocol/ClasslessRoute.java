package io.tandem.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One route of the classless static route option 121 (RFC 3442): packets for {@code destination/prefixLength}
 * go to {@code router}; router 0.0.0.0 means the destination is on-link.
 *
 * @param destination the network, with no bits set beyond the prefix
 * @param prefixLength 0-32
 * @param router the next hop
 */
public record ClasslessRoute(Ipv4Address destination, int prefixLength, Ipv4Address router) {

    /**
     * @throws IllegalArgumentException if the prefix length is not 0-32 or the destination has host bits set
     */
    public ClasslessRoute {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0-32");
        }
        if ((destination.value() & ~netmask(prefixLength)) != 0) {
            throw new IllegalArgumentException("route " + destination + "/" + prefixLength + " has host bits set");
        }
    }

    private static int netmask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Only the significant octets of the destination are on the wire: ceil(prefix / 8) of them. */
    private static int significantOctets(int prefixLength) {
        return (prefixLength + 7) / 8;
    }

    static List<ClasslessRoute> readList(byte[] data, int offset, int length) {
        List<ClasslessRoute> routes = new ArrayList<>();
        int end = offset + length;
        int position = offset;
        while (position < end) {
            int prefixLength = Bytes.u8(data, position);
            if (prefixLength > 32) {
                throw new IllegalArgumentException("route " + (routes.size() + 1) + ": prefix length "
                        + prefixLength + " exceeds 32");
            }
            int octets = significantOctets(prefixLength);
            if (position + 1 + octets + 4 > end) {
                throw new IllegalArgumentException("route " + (routes.size() + 1) + " (/" + prefixLength
                        + ") needs " + (1 + octets + 4) + " bytes, " + (end - position) + " left");
            }
            int destination = 0;
            for (int i = 0; i < octets; i++) {
                destination |= Bytes.u8(data, position + 1 + i) << (24 - 8 * i);
            }
            Ipv4Address router = Ipv4Address.fromBytes(data, position + 1 + octets);
            routes.add(new ClasslessRoute(new Ipv4Address(destination), prefixLength, router));
            position += 1 + octets + 4;
        }
        return List.copyOf(routes);
    }

    static byte[] writeList(List<ClasslessRoute> routes) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("option 121 needs at least one route");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ClasslessRoute route : routes) {
            out.write(route.prefixLength);
            out.write(route.destination.toBytes(), 0, significantOctets(route.prefixLength));
            out.write(route.router.toBytes(), 0, 4);
        }
        return out.toByteArray();
    }

    /** {@code 10.0.0.0/8 via 192.0.2.1}. */
    @Override
    public String toString() {
        return destination + "/" + prefixLength + " via " + router;
    }
}

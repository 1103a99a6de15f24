package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.DhcpParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A plain UDP socket playing client or relay in the loopback tests. */
final class UdpPeer implements AutoCloseable {

    private final DatagramSocket socket;

    /** Bound to {@code address:port} with SO_REUSEADDR, so a wildcard and a 127.0.0.1 peer can share a port. */
    UdpPeer(String address, int port) {
        try {
            socket = new DatagramSocket(null);
            socket.setReuseAddress(true);
            socket.setBroadcast(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port that was free a moment ago. */
    static int freePort() {
        try (DatagramSocket probe = new DatagramSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(byte[] datagram, int port) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next DHCP message with {@code xid} that arrives within {@code timeout}; others are skipped. */
    Optional<DhcpMessage> receive(int xid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<DhcpMessage> message = receiveAny(Duration.ofNanos(deadline - System.nanoTime()));
            if (message.isEmpty() || message.get().xid() == xid) {
                return message;
            }
        }
    }

    /** The next DHCP message that arrives within {@code timeout}. */
    Optional<DhcpMessage> receiveAny(Duration timeout) {
        long left = timeout.toMillis();
        if (left <= 0) {
            return Optional.empty();
        }
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) left);
            socket.receive(packet);
            return Optional.of(DhcpDecoder.decode(Arrays.copyOf(buffer, packet.getLength())));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DhcpParseException e) {
            throw new AssertionError("the server sent a malformed reply", e);
        }
    }

    /**
     * The xids of the DHCP messages received until one has arrived for each of {@code xids}, in any order, or
     * {@code timeout} has passed; those of other transactions are included.
     */
    Set<Integer> receiveReplies(Set<Integer> xids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> received = new HashSet<>();
        while (!received.containsAll(xids)) {
            Optional<DhcpMessage> message = receiveAny(Duration.ofNanos(deadline - System.nanoTime()));
            if (message.isEmpty()) {
                break;
            }
            received.add(message.get().xid());
        }
        return received;
    }

    DhcpMessage awaitReply(int xid) {
        Optional<DhcpMessage> reply = receive(xid, Duration.ofSeconds(5));
        assertThat(reply).as("reply to xid %08x on port %d", xid, port()).isPresent();
        return reply.orElseThrow();
    }

    @Override
    public void close() {
        socket.close();
    }
}

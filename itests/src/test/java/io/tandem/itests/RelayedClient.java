package io.tandem.itests;

import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A DHCP client that talks through a relay on loopback: it sends with giaddr 127.0.0.1 to the server's port and
 * listens where the server sends relay replies, so a full exchange needs neither root nor a broadcast.
 */
final class RelayedClient implements AutoCloseable {

    static final Ipv4Address RELAY = Ipv4Address.parse("127.0.0.1");

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private int xid = (int) System.nanoTime();

    /** A relay of the Tandem in the Karaf under test ({@link KarafOptions}). */
    static RelayedClient toKaraf() throws Exception {
        return new RelayedClient(KarafOptions.RELAY_PORT, KarafOptions.SERVER_PORT);
    }

    RelayedClient(int relayPort, int serverPort) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort));
        socket.setSoTimeout(5000);
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    /** DISCOVER, OFFER, REQUEST, ACK for {@code mac}; returns the ACK, or empty when any step went unanswered. */
    Optional<DhcpMessage> dora(HardwareAddress mac) throws Exception {
        Optional<DhcpMessage> offer = exchange(DhcpMessage.builder().xid(++xid).chaddr(mac).giaddr(RELAY)
                .messageType(MessageType.DISCOVER).build());
        if (offer.isEmpty()) {
            return Optional.empty();
        }
        return exchange(DhcpMessage.builder().xid(++xid).chaddr(mac).giaddr(RELAY).messageType(MessageType.REQUEST)
                .requestedIpAddress(offer.get().yiaddr()).serverIdentifier(offer.get().serverIdentifier().orElseThrow())
                .build());
    }

    /** Gives {@code address} back with a DHCPRELEASE, which has no answer. */
    void release(HardwareAddress mac, Ipv4Address address, Ipv4Address server) throws Exception {
        send(DhcpMessage.builder().xid(++xid).chaddr(mac).giaddr(RELAY).ciaddr(address)
                .messageType(MessageType.RELEASE).serverIdentifier(server).build());
    }

    /** Waits until the server answers a DISCOVER, which it does once its socket and subnets are up. */
    void awaitServing(HardwareAddress probe) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout(500);
            try {
                if (exchange(DhcpMessage.builder().xid(++xid).chaddr(probe).giaddr(RELAY)
                        .messageType(MessageType.DISCOVER).build()).isPresent()) {
                    return;
                }
            } finally {
                socket.setSoTimeout(5000);
            }
        }
        throw new AssertionError("the server did not answer a DISCOVER within 30 s");
    }

    private void send(DhcpMessage message) throws Exception {
        byte[] bytes = DhcpEncoder.encode(message);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** Sends {@code request} and waits for the reply with the same xid. */
    synchronized Optional<DhcpMessage> exchange(DhcpMessage request) throws Exception {
        send(request);
        byte[] buffer = new byte[1500];
        long deadline = System.currentTimeMillis() + socket.getSoTimeout();
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            DhcpMessage reply = DhcpDecoder.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
            if (reply.xid() == request.xid()) {
                return Optional.of(reply);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        socket.close();
    }
}

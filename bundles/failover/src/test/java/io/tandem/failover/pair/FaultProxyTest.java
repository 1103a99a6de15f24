package io.tandem.failover.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay the pair simulation runs over must keep a TCP stream's order, or it tests a network that cannot exist. */
class FaultProxyTest {

    private static final int ROUNDS = 100;

    @Test
    void bytes_leave_in_the_order_they_came_when_the_delay_is_lowered_while_some_are_still_held() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket target = new ServerSocket(0, 1, loopback);
             FaultProxy proxy = new FaultProxy(List.of(new FaultProxy.Route(new InetSocketAddress(loopback, 0),
                     new InetSocketAddress(loopback, target.getLocalPort()), loopback)));
             Socket client = new Socket(loopback, proxy.port(0));
             Socket server = target.accept()) {
            client.setTcpNoDelay(true);
            OutputStream out = client.getOutputStream();
            for (int round = 0; round < ROUNDS; round++) {
                // The first byte is held 5 ms; the second, sent once the relay has read the first, is due at the
                // same moment: it must still leave second.
                proxy.delay(5);
                out.write(2 * round);
                out.flush();
                Thread.sleep(1);
                proxy.delay(0);
                out.write(2 * round + 1);
                out.flush();
                Thread.sleep(6);
            }
            InputStream in = server.getInputStream();
            server.setSoTimeout(5000);
            byte[] received = in.readNBytes(2 * ROUNDS);
            for (int i = 0; i < received.length; i++) {
                assertThat(received[i] & 0xff).as("byte %d", i).isEqualTo(i);
            }
        }
    }
}

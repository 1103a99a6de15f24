package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.FailoverParseException;
import io.tandem.failover.wire.MessageFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven peer on a plain blocking socket: sends whatever a test builds, byte by byte if asked, and reads
 * what the link under test answers with the production framer.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MessageFramer framer = new MessageFramer();
    private final ArrayDeque<FailoverMessage> received = new ArrayDeque<>();
    private final byte[] buffer = new byte[4096];
    private boolean ended;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code from} (any port) to {@code to}, retrying for a while until the link listens. */
    static RawPeer connect(String from, InetSocketAddress to) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(to, 1000);
                return new RawPeer(socket);
            } catch (ConnectException e) {
                close(socket);
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException(e);
                }
                pause(Duration.ofMillis(50));
            } catch (IOException e) {
                close(socket);
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The next connection to {@code server}, which must come within {@code timeout}. */
    static RawPeer accept(ServerSocket server, Duration timeout) {
        try {
            server.setSoTimeout((int) timeout.toMillis());
            return new RawPeer(server.accept());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(FailoverMessage message) {
        sendBytes(FailoverEncoder.encode(message));
    }

    void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One write per byte, with a pause between, so that each byte leaves in its own TCP segment. */
    void sendByteByByte(FailoverMessage message) {
        for (byte b : FailoverEncoder.encode(message)) {
            sendBytes(new byte[] {b});
            pause(Duration.ofMillis(2));
        }
    }

    /** The next message, which must come within {@code timeout}. */
    FailoverMessage receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.isEmpty()) {
            assertThat(ended).as("connection closed before a message arrived").isFalse();
            assertThat(readSome(deadline)).as("a message within %s", timeout).isTrue();
        }
        return received.poll();
    }

    /**
     * Everything received until the link under test closes the connection, which must happen within
     * {@code timeout}.
     */
    List<FailoverMessage> receiveUntilClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            assertThat(readSome(deadline)).as("the connection closed within %s", timeout).isTrue();
        }
        List<FailoverMessage> all = new ArrayList<>(received);
        received.clear();
        return all;
    }

    @Override
    public void close() {
        close(socket);
    }

    /** Reads once; false if nothing came by the deadline. A reset counts as the end, as a FIN does. */
    private boolean readSome(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int length = in.read(buffer);
            if (length < 0) {
                ended = true;
            } else {
                framer.feed(buffer, 0, length, received::add);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            ended = true;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FailoverParseException e) {
            throw new AssertionError("the link under test sent a malformed message", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a test socket that failed is best effort.
        }
    }
}

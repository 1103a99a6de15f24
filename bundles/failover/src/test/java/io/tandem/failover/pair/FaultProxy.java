package io.tandem.failover.pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between the two servers of a pair whose behaviour the test sets: pass, delay every byte by some
 * milliseconds, drop (a blackhole: the sockets stay open and nothing arrives, so only the keepalive can tell), or
 * cut every connection. Each {@link Route} is one server's way to its peer: the server connects to the route's
 * listening port, and the relay connects on to the peer from the server's own address, since a failover peer
 * accepts connections only from its configured peer address.
 *
 * <p>Bytes of one direction leave in the order they came, delayed or not. A blackhole loses bytes, which TCP never
 * does on a live connection; leaving it therefore cuts every connection, as a partition that outlived the TCP
 * timers would.
 */
final class FaultProxy implements AutoCloseable {

    /** Connections to {@code listen} go on to {@code target} from {@code source}. */
    record Route(InetSocketAddress listen, InetSocketAddress target, InetAddress source) {
    }

    private enum Mode { PASS, DROP }

    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "pair-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService wire = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pair-proxy-wire");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;

    /** Listens on every route's address; a port 0 there is replaced by a free one (see {@link #port}). */
    FaultProxy(List<Route> routes) throws IOException {
        for (Route route : routes) {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(route.listen());
            listeners.add(listener);
            threads.execute(() -> accept(listener, route));
        }
    }

    /** The port the {@code index}th route listens on. */
    int port(int index) {
        return listeners.get(index).getLocalPort();
    }

    /** Forwards every byte {@code millis} late from now on (0: at once). */
    void delay(long millis) {
        delayMillis = millis;
    }

    /** Forwards nothing from now on, and connects no new connection onwards; the sockets stay open. */
    void drop() {
        mode = Mode.DROP;
    }

    /** Closes every connection, both sides; new ones are relayed as the mode says. */
    void cut() {
        for (Socket socket : List.copyOf(open)) {
            closeQuietly(socket);
        }
    }

    /** Back to passing every byte at once; a blackhole's connections are cut (see the class comment). */
    void heal() {
        delayMillis = 0;
        if (mode == Mode.DROP) {
            mode = Mode.PASS;
            cut();
        }
    }

    private void accept(ServerSocket listener, Route route) {
        while (!listener.isClosed()) {
            try {
                Socket incoming = listener.accept();
                open.add(incoming);
                if (mode == Mode.DROP) {
                    continue;
                }
                Socket outgoing = new Socket();
                open.add(outgoing);
                outgoing.bind(new InetSocketAddress(route.source(), 0));
                try {
                    outgoing.connect(route.target(), 1000);
                } catch (IOException refused) {
                    closeQuietly(incoming);
                    closeQuietly(outgoing);
                    continue;
                }
                incoming.setTcpNoDelay(true);
                outgoing.setTcpNoDelay(true);
                threads.execute(new Direction(incoming, outgoing));
                threads.execute(new Direction(outgoing, incoming));
            } catch (IOException e) {
                // The listener closed, or one connection failed; the loop ends in the first case only.
            }
        }
    }

    /** One direction of a relayed connection: reads one socket, writes the other through the wire thread. */
    private final class Direction implements Runnable {
        private final Socket from;
        private final Socket to;
        /** When the last chunk leaves: a later chunk never leaves before it, whatever the delay became since. */
        private long lastDeparture;
        /**
         * The chunks not yet written, oldest first. Each timer writes the oldest, not its own: two timers due at the
         * same moment (the delay was lowered) may fire in either order, and TCP never reorders.
         */
        private final Queue<Runnable> departures = new ConcurrentLinkedQueue<>();

        Direction(Socket from, Socket to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (mode == Mode.DROP) {
                        continue;
                    }
                    byte[] chunk = Arrays.copyOf(buffer, read);
                    schedule(() -> {
                        try {
                            out.write(chunk);
                        } catch (IOException e) {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    });
                }
            } catch (IOException e) {
                // Closed by a cut or by the other direction.
            }
            if (mode != Mode.DROP) {
                // The sender closed: the receiver sees that after the bytes before it, as over a real network.
                schedule(() -> {
                    closeQuietly(from);
                    closeQuietly(to);
                });
            }
        }

        private void schedule(Runnable departure) {
            long now = System.nanoTime();
            lastDeparture = Math.max(lastDeparture, now + TimeUnit.MILLISECONDS.toNanos(delayMillis));
            departures.add(departure);
            wire.schedule(() -> departures.remove().run(), lastDeparture - now, TimeUnit.NANOSECONDS);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        cut();
        threads.shutdownNow();
        wire.shutdownNow();
    }
}

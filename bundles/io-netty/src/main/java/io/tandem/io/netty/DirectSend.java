package io.tandem.io.netty;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Sends a datagram from the thread that has it, through the socket's own descriptor, instead of handing it to the
 * socket's event loop: a hand-off wakes the event loop's thread for every reply, two thread switches per DHCP
 * exchange (bench/README.md, "Replies sent by the thread that has them"). The kernel serialises concurrent sends on
 * one UDP socket; the event loop's own writes go on as before.
 *
 * <p>The descriptor is used only while the gate is open. {@link #close} shuts the gate, waiting for a send in
 * progress, and must be called before the channel closes its descriptor: the kernel reuses a closed descriptor's
 * number for the next file or socket opened, and a send through a stale number would put a reply into that one.
 */
final class DirectSend {

    private static final AttributeKey<DirectSend> KEY = AttributeKey.valueOf("tandem.direct-send");
    /** The largest UDP payload; a thread's buffer is allocated once and reused for each of its sends. */
    private static final int MAX_DATAGRAM = 65_507;
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_DATAGRAM));

    /** What became of a datagram given to {@link #send}. */
    enum Result {
        /** Handed to the kernel whole. */
        SENT,
        /** Not sent: the socket's send buffer is full; the event loop can write it once there is room. */
        FULL,
        /** Not sent: the socket is closing or closed. */
        CLOSED
    }

    private final Socket socket;
    /** Senders hold the read side for the duration of one send; {@link #close} takes the write side. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private boolean closed;

    private DirectSend(Socket socket) {
        this.socket = socket;
    }

    /** Lets threads other than its event loop send through {@code channel}'s descriptor, until {@link #close}. */
    static void attach(EpollDatagramChannel channel) {
        DirectSend direct = new DirectSend((Socket) channel.fd());
        channel.attr(KEY).set(direct);
        // A close not made through close() first (none is expected: Netty keeps a datagram socket open on errors)
        // still refuses the sends that follow it.
        channel.closeFuture().addListener(closed -> direct.close());
    }

    /** The direct sender {@link #attach attached} to {@code channel}, if any. */
    static Optional<DirectSend> of(Channel channel) {
        return Optional.ofNullable(channel.attr(KEY).get());
    }

    /**
     * Sends {@code datagram} to {@code destination} at once, on the calling thread.
     *
     * @throws IOException if the kernel refuses the datagram (an unreachable or invalid destination)
     */
    Result send(byte[] datagram, InetSocketAddress destination) throws IOException {
        gate.readLock().lock();
        try {
            if (closed) {
                return Result.CLOSED;
            }
            ByteBuffer buffer = BUFFERS.get();
            buffer.clear();
            buffer.put(datagram);
            // The descriptor is non-blocking: 0 is the kernel's EAGAIN, a full send buffer.
            int sent = socket.sendTo(buffer, 0, datagram.length, destination.getAddress(), destination.getPort());
            return sent == datagram.length ? Result.SENT : Result.FULL;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Refuses every later send and returns once a send in progress has ended; the descriptor may then close. */
    void close() {
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
    }
}

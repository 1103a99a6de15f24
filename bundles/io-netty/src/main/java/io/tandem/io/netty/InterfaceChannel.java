package io.tandem.io.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDatagramChannelConfig;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.RawUnixChannelOption;
import io.tandem.api.ReceivingLink;
import io.tandem.protocol.Ipv4Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket of one served interface: UDP 0.0.0.0:port bound to the device with {@code SO_BINDTODEVICE}, so that
 * it receives only what arrives on that interface (broadcasts included) and its broadcasts leave only through it.
 * That is how a request's {@link ReceivingLink} is known without IP_PKTINFO, which Netty does not expose.
 *
 * <p>An interface without an IPv4 address yet (link still coming up) is retried every {@code retryInterval}; so is
 * a failed bind. Each distinct problem is logged once. All state lives on one event loop.
 */
final class InterfaceChannel {

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceChannel.class);

    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    /**
     * Receive buffer per datagram. Requests fit one Ethernet frame (clients and relays do not fragment them); 4096,
     * as Kea reads, leaves room for jumbo links without the cost of 64 KiB per read under a flood.
     */
    private static final int MAX_DATAGRAM = 4096;
    /**
     * Datagrams one read takes from the socket (recvmmsg): under load the event loop makes one system call per
     * batch instead of one per request.
     */
    private static final int DATAGRAMS_PER_READ = 16;
    /**
     * Where read buffers come from. Netty's default allocator treats a JVM with less than 512 MiB of direct memory
     * (the shipped heap bound sets it to 256 MiB) as short of memory and then gives each 64 KiB read buffer its own
     * malloc, zeroing and free; the pooled allocator carves them from chunks it keeps and reuses.
     */
    private static final ByteBufAllocator READ_BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final String interfaceName;
    private final int port;
    private final EventLoop loop;
    private final Function<ReceivingLink, ChannelHandler> handlers;
    private final Duration retryInterval;
    /** What the socket asks the kernel to hold while the server is busy ({@link ServerConfig#receiveBufferBytes}). */
    private final int receiveBufferBytes;
    private final CompletableFuture<ReceivingLink> bound = new CompletableFuture<>();

    private Channel channel;
    private boolean closed;
    /** Why the socket is not bound, while it is not; read from other threads by the configuration report. */
    private volatile String lastProblem = "not tried yet";

    /**
     * @param handlers makes the inbound handler of the socket, given the link it serves
     */
    InterfaceChannel(String interfaceName, int port, EventLoop loop, Function<ReceivingLink, ChannelHandler> handlers,
            Duration retryInterval, int receiveBufferBytes) {
        this.interfaceName = interfaceName;
        this.port = port;
        this.loop = loop;
        this.handlers = handlers;
        this.retryInterval = retryInterval;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /** Starts binding; nothing if the server was closed meanwhile and its event loop is gone. */
    void start() {
        try {
            loop.execute(this::attempt);
        } catch (RejectedExecutionException e) {
            LOG.debug("dhcp socket not started interface={} reason=\"server closed\"", interfaceName);
        }
    }

    /** Completes with the link once the socket is bound; never fails, as binding is retried until closed. */
    CompletableFuture<ReceivingLink> bound() {
        return bound;
    }

    String interfaceName() {
        return interfaceName;
    }

    /** Why the socket is not bound yet, or empty once it is. */
    Optional<String> notBoundBecause() {
        return Optional.ofNullable(lastProblem);
    }

    /** Stops retrying and closes the socket; returns once it is closed. */
    void close() {
        ChannelFuture closing = loop.submit(() -> {
            closed = true;
            if (channel == null) {
                return null;
            }
            // Before the descriptor closes: no thread may send through its number once the kernel reuses it.
            DirectSend.of(channel).ifPresent(DirectSend::close);
            return channel.close();
        }).syncUninterruptibly().getNow();
        if (closing != null) {
            closing.syncUninterruptibly();
        }
    }

    private void attempt() {
        if (closed) {
            return;
        }
        Ipv4Address address;
        try {
            address = firstIpv4Address(interfaceName);
        } catch (SocketException e) {
            retryLater("interface lookup failed: " + e.getMessage());
            return;
        }
        if (address == null) {
            retryLater("no IPv4 address yet");
            return;
        }
        ReceivingLink link = new ReceivingLink(interfaceName, address);
        new Bootstrap()
                .group(loop)
                .channelFactory(() -> deviceBoundChannel(interfaceName, receiveBufferBytes))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ))
                .option(ChannelOption.ALLOCATOR, READ_BUFFERS)
                .handler(handlers.apply(link))
                .bind(new InetSocketAddress(port))
                .addListener((ChannelFutureListener) binding -> {
                    if (!binding.isSuccess()) {
                        retryLater("bind failed: " + binding.cause());
                        return;
                    }
                    Channel opened = binding.channel();
                    if (closed) {
                        opened.close();
                        return;
                    }
                    channel = opened;
                    DirectSend.attach((EpollDatagramChannel) opened);
                    lastProblem = null;
                    int granted = grantedReceiveBuffer((EpollDatagramChannel) opened);
                    LOG.info("dhcp socket bound interface={} address={} port={} receiveBufferBytes={}", interfaceName,
                            address, port, granted);
                    if (granted < receiveBufferBytes) {
                        LOG.warn("dhcp socket receive buffer smaller than configured interface={} receiveBufferBytes={}"
                                + " grantedBytes={} problem=\"the kernel caps it at net.core.rmem_max; requests"
                                + " arriving while the server syncs to disk may be dropped\""
                                + " fix=\"sysctl -w net.core.rmem_max={}\"", interfaceName, receiveBufferBytes,
                                granted, receiveBufferBytes);
                    }
                    bound.complete(link);
                });
    }

    private void retryLater(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn("dhcp socket not bound, retrying interface={} port={} problem=\"{}\" retryEveryMillis={}",
                    interfaceName, port, problem, retryInterval.toMillis());
            lastProblem = problem;
        }
        loop.schedule(this::attempt, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * An IPv4 UDP socket bound to {@code device} before its bind, with the options set strictly: Bootstrap
     * options only log a failure, and a socket silently not bound to its device would serve the wrong link.
     */
    private static EpollDatagramChannel deviceBoundChannel(String device, int receiveBufferBytes) {
        EpollDatagramChannel channel = new EpollDatagramChannel(SocketProtocolFamily.INET);
        try {
            EpollDatagramChannelConfig config = channel.config();
            config.setReuseAddress(true);
            config.setBroadcast(true);
            config.setReceiveBufferSize(receiveBufferBytes);
            // With a payload size set, each read buffer is split into datagram slots filled by one recvmmsg.
            config.setMaxDatagramPayloadSize(MAX_DATAGRAM);
            byte[] name = (device + '\0').getBytes(StandardCharsets.US_ASCII);
            ByteBuffer value = ByteBuffer.allocateDirect(name.length).put(name).flip();
            if (!config.setOption(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE,
                    name.length), value)) {
                throw new ChannelException("SO_BINDTODEVICE not supported by " + channel.getClass().getName());
            }
            return channel;
        } catch (RuntimeException e) {
            channel.unsafe().closeForcibly();
            throw e;
        }
    }

    /** The receive buffer the kernel granted: Linux reports twice that, the other half being its own bookkeeping. */
    private static int grantedReceiveBuffer(EpollDatagramChannel channel) {
        return channel.config().getReceiveBufferSize() / 2;
    }

    /** The interface's first IPv4 address; null when it has none (yet) or does not exist (any more). */
    private static Ipv4Address firstIpv4Address(String name) throws SocketException {
        NetworkInterface networkInterface = NetworkInterface.getByName(name);
        if (networkInterface == null) {
            throw new SocketException("no network interface named " + name);
        }
        Enumeration<InetAddress> addresses = networkInterface.getInetAddresses();
        while (addresses.hasMoreElements()) {
            InetAddress address = addresses.nextElement();
            if (address instanceof Inet4Address) {
                return Ipv4Address.of(address);
            }
        }
        return null;
    }
}

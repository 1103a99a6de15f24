package io.tandem.core;

import io.tandem.api.Burst;
import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.ReceivingLink;
import io.tandem.api.ScratchStores;
import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.DhcpParseException;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

/**
 * Runs the request path on an engine of its own over a {@link ScratchStores scratch store} before the server binds
 * its sockets. A JVM runs new code interpreted until it has counted enough calls to compile it, and recompiles
 * code that meets a case it has not seen (a returning client after only new ones); without a rehearsal the first
 * clients of a start (every client after a power cut) pay for both and time out. Each client of the rehearsal
 * gets an address, comes back for it, renews it and releases it, half of them through a relay, every message
 * encoded and decoded as on the wire, with the installed allocation policy choosing. The scratch store is
 * deleted afterwards; nothing reaches the real store, the statistics or the policies' counts.
 */
final class Rehearsal {

    /** RFC 2544's benchmarking range: never a real network's, so a rehearsal's subnet cannot be mistaken for one. */
    static final String SUBNET = "198.18.0.0/15";
    private static final Ipv4Address LINK_ADDRESS = Ipv4Address.parse("198.18.0.1");
    private static final Ipv4Address RELAY = Ipv4Address.parse("198.19.255.254");
    private static final ReceivingLink LINK = new ReceivingLink("rehearsal", LINK_ADDRESS);
    /** Clients in flight at once, so that commits are grouped as under load. */
    private static final int IN_FLIGHT = 64;
    private static final List<OptionCode> ASKED = List.of(OptionCode.SUBNET_MASK, OptionCode.ROUTER,
            OptionCode.DOMAIN_NAME_SERVER, OptionCode.DOMAIN_NAME, OptionCode.LEASE_TIME);

    /**
     * What a rehearsal did: messages handled, replies of the kind each should get, the first message that did not
     * get one (if any), the engine's drops by reason, and how long it took.
     */
    record Result(int messages, int expectedReplies, Optional<String> firstUnexpected, Map<String, Long> dropped,
                  Duration took) {
    }

    private final ScratchStores stores;
    private final InstalledPolicies policies;
    private final EngineSettings settings;

    Rehearsal(ScratchStores stores, InstalledPolicies policies, EngineSettings settings) {
        this.stores = stores;
        this.policies = policies;
        this.settings = settings;
    }

    /**
     * Rehearses with {@code clients} clients.
     *
     * @throws InterruptedException if the thread is interrupted: the rehearsal stops, its scratch store deleted
     * @throws io.tandem.api.LeaseStoreException if the scratch store cannot be opened or written
     */
    Result run(int clients) throws InterruptedException {
        long start = System.nanoTime();
        Tally tally = new Tally();
        TrafficCounters statistics = new TrafficCounters();
        try (ScratchStores.ScratchStore scratch = stores.open();
             Engine engine = new Engine(scratch.store(), statistics, Clock.systemUTC(), settings,
                     policies, Optional::empty, Duration.ZERO)) {
            engine.serve(List.of(subnet()));
            // First as new clients, then as returning ones: each has its own branches to compile.
            for (int first = 0; first < clients; first += IN_FLIGHT) {
                dora(engine, group(first, clients), tally);
            }
            for (int first = 0; first < clients; first += IN_FLIGHT) {
                int[] group = group(first, clients);
                List<DhcpMessage> acks = dora(engine, group, tally);
                exchange(engine, group, tally, MessageType.ACK, client -> renewing(client, acks));
                exchange(engine, group, tally, null, client -> releasing(client, acks));
            }
        }
        return new Result(tally.messages, tally.expected, Optional.ofNullable(tally.firstUnexpected),
                statistics.snapshot().dropped(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** A DISCOVER and a REQUEST of each client in {@code group}; returns the ACKs by position, as {@link #exchange}. */
    private static List<DhcpMessage> dora(Engine engine, int[] group, Tally tally) throws InterruptedException {
        List<DhcpMessage> offers = exchange(engine, group, tally, MessageType.OFFER,
                client -> message(client, MessageType.DISCOVER).build());
        return exchange(engine, group, tally, MessageType.ACK, client -> selecting(client, offers));
    }

    /** Clients {@code first} to {@code first + IN_FLIGHT - 1}, as many of them as there are. */
    private static int[] group(int first, int clients) {
        int[] group = new int[Math.min(IN_FLIGHT, clients - first)];
        for (int i = 0; i < group.length; i++) {
            group[i] = first + i;
        }
        return group;
    }

    private static SubnetSettings subnet() {
        try {
            return SubnetSettingsParser.parse("rehearsal", Map.of("subnet", SUBNET,
                    "pools", "198.18.0.10-198.19.255.200", "routers", LINK_ADDRESS.toString(),
                    "dnsServers", LINK_ADDRESS.toString(), "domainName", "rehearsal.invalid",
                    "leaseTime", "3600"));
        } catch (ConfigurationRejectedException e) {
            throw new IllegalStateException("the rehearsal's own subnet is refused: " + e.getMessage(), e);
        }
    }

    /**
     * Sends one message of each client in {@code group} through the wire format and the engine and waits for all
     * replies; returns them by position in the group (null where there is none). A client's number modulo
     * {@link #IN_FLIGHT} is its position.
     */
    private static List<DhcpMessage> exchange(Engine engine, int[] group, Tally tally, MessageType expected,
            IntFunction<DhcpMessage> messages) throws InterruptedException {
        List<CompletableFuture<Optional<DhcpMessage>>> replies = new ArrayList<>(group.length);
        List<DhcpMessage> sent = new ArrayList<>(group.length);
        // Handed over in one burst, as packet I/O hands over one read's datagrams: that path is compiled here too.
        try (Burst burst = engine.openBurst()) {
            for (int i = 0; i < group.length; i++) {
                DhcpMessage request = onTheWire(messages.apply(group[i]));
                sent.add(request);
                replies.add(engine.handle(request, LINK).toCompletableFuture());
            }
        }
        List<DhcpMessage> answers = new ArrayList<>(group.length);
        for (int i = 0; i < group.length; i++) {
            Optional<DhcpMessage> reply = await(replies.get(i));
            DhcpMessage request = sent.get(i);
            reply.ifPresent(answer -> DhcpEncoder.encodeReply(answer, request));
            tally.messages++;
            if (reply.flatMap(DhcpMessage::messageType).equals(Optional.ofNullable(expected))) {
                tally.expected++;
            } else if (tally.firstUnexpected == null) {
                tally.firstUnexpected = "expected " + (expected == null ? "no reply" : expected) + " to " + request
                        + ", got " + reply.map(Object::toString).orElse("no reply");
            }
            answers.add(reply.orElse(null));
        }
        return answers;
    }

    private static Optional<DhcpMessage> await(CompletableFuture<Optional<DhcpMessage>> reply)
            throws InterruptedException {
        try {
            return reply.get();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    /** The message as the engine gets it from a socket: encoded, then decoded. */
    private static DhcpMessage onTheWire(DhcpMessage message) {
        try {
            return DhcpDecoder.decode(ByteBuffer.wrap(DhcpEncoder.encode(message)));
        } catch (DhcpParseException e) {
            throw new IllegalStateException("the rehearsal's own message does not decode: " + e.getMessage(), e);
        }
    }

    /** A message of {@code client} as a client sends it; the odd ones through a relay. */
    private static DhcpMessage.Builder message(int client, MessageType type) {
        DhcpMessage.Builder builder = DhcpMessage.builder().xid(client * 8 + type.code()).chaddr(mac(client))
                .messageType(type).parameterRequestList(ASKED).hostName("rehearsal-" + client);
        return client % 2 == 1 ? builder.giaddr(RELAY) : builder;
    }

    private static DhcpMessage selecting(int client, List<DhcpMessage> offers) {
        DhcpMessage offer = offers.get(client % IN_FLIGHT);
        DhcpMessage.Builder request = message(client, MessageType.REQUEST);
        return offer == null ? request.build()
                : request.requestedIpAddress(offer.yiaddr()).serverIdentifier(LINK_ADDRESS).build();
    }

    private static DhcpMessage renewing(int client, List<DhcpMessage> acks) {
        DhcpMessage ack = acks.get(client % IN_FLIGHT);
        return message(client, MessageType.REQUEST).ciaddr(ack == null ? Ipv4Address.ANY : ack.yiaddr()).build();
    }

    private static DhcpMessage releasing(int client, List<DhcpMessage> acks) {
        DhcpMessage ack = acks.get(client % IN_FLIGHT);
        return message(client, MessageType.RELEASE).ciaddr(ack == null ? Ipv4Address.ANY : ack.yiaddr())
                .serverIdentifier(LINK_ADDRESS).build();
    }

    private static HardwareAddress mac(int client) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0x52, (byte) (client >>> 24),
                (byte) (client >>> 16), (byte) (client >>> 8), (byte) client});
    }

    /** Counts kept on the rehearsing thread only. */
    private static final class Tally {
        int messages;
        int expected;
        String firstUnexpected;
    }
}

package io.tandem.io.netty;

import io.tandem.api.Burst;
import io.tandem.api.DhcpHandler;
import io.tandem.api.ReceivingLink;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A stand-in for core's DhcpHandler: answers on its own worker thread, as core will, with whatever
 * {@code answer} makes of the request and its link, and records every link it was handed, the bursts opened and
 * closed, and whether each message came while a burst was open on the handing thread.
 */
final class AnsweringEngine implements DhcpHandler, AutoCloseable {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "test-engine");
        thread.setDaemon(true);
        return thread;
    });
    private final BiFunction<DhcpMessage, ReceivingLink, Optional<DhcpMessage>> answer;
    private final List<ReceivingLink> links = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> burstOpen = ThreadLocal.withInitial(() -> false);
    private final List<Boolean> handedOverInBurst = new CopyOnWriteArrayList<>();
    private final AtomicInteger burstsOpened = new AtomicInteger();
    private final AtomicInteger burstsClosed = new AtomicInteger();
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);

    AnsweringEngine(BiFunction<DhcpMessage, ReceivingLink, Optional<DhcpMessage>> answer) {
        this.answer = answer;
    }

    /** Offers for discovers and acks for requests: address .50 of the link's /24, server identifier the link's. */
    static AnsweringEngine offeringAndAcking() {
        return new AnsweringEngine((request, link) -> Optional.of(reply(request, link,
                request.messageType().orElseThrow().equals(MessageType.DISCOVER) ? MessageType.OFFER
                        : MessageType.ACK)));
    }

    static DhcpMessage reply(DhcpMessage request, ReceivingLink link, MessageType type) {
        Ipv4Address offered = new Ipv4Address((link.address().value() & 0xffffff00) | 50);
        DhcpMessage.Builder reply = DhcpMessage.replyTo(request).messageType(type).serverIdentifier(link.address());
        if (!type.equals(MessageType.NAK)) {
            reply.yiaddr(offered).leaseTime(3600).subnetMask(Ipv4Address.parse("255.255.255.0"));
        }
        return reply.build();
    }

    @Override
    public CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link) {
        links.add(link);
        handedOverInBurst.add(burstOpen.get());
        return CompletableFuture.supplyAsync(() -> answer.apply(request, link), worker);
    }

    @Override
    public Burst openBurst() {
        burstOpen.set(true);
        burstsOpened.incrementAndGet();
        return () -> {
            burstOpen.set(false);
            burstsClosed.incrementAndGet();
        };
    }

    /** For each message handed over, in order: whether a burst was open on the thread that handed it over. */
    List<Boolean> handedOverInBurst() {
        return List.copyOf(handedOverInBurst);
    }

    int burstsOpened() {
        return burstsOpened.get();
    }

    int burstsClosed() {
        return burstsClosed.get();
    }

    /** The engine is {@linkplain #ready() ready} once {@code rehearsed} completes (as core after its rehearsal). */
    void readyWhen(CompletableFuture<Void> rehearsed) {
        ready = rehearsed;
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    List<ReceivingLink> links() {
        return List.copyOf(links);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

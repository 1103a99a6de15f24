package io.tandem.failover.pair;

import io.tandem.api.FailoverService;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverStatus;
import io.tandem.api.ReceivingLink;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.core.FileBackedEngine;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.link.LinkTimings;
import io.tandem.failover.link.PeerLink;
import io.tandem.failover.service.EndpointLinkListener;
import io.tandem.failover.state.StateFile;
import io.tandem.failover.updates.FailoverEndpoint;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One server of the pair, assembled as production assembles it ({@code FailoverComponent}): core's engine on a
 * MapDB file, the failover endpoint on its own single-threaded loop, and the peer link over real TCP, with the
 * failover state file beside the lease file; everything on disk survives a stop or a crash. The endpoint's timers
 * run on the simulated clock ({@link VirtualTimeLoop}).
 */
final class SimulatedServer implements AutoCloseable {

    private final String name;
    private final FailoverSettings settings;
    private final LinkTimings timings;
    private final Path home;
    private final Clock clock;
    private final List<Map<String, Object>> subnets;
    private final ReceivingLink clientLink;
    private FileBackedEngine engine;
    private VirtualTimeLoop loop;
    /** The endpoint of the current run, or of the last one once stopped; null before the first start. */
    private volatile FailoverEndpoint endpoint;
    private volatile boolean running;
    private PeerLink link;
    /** The store's leases as the last stop or crash left them on disk. */
    private List<Lease> leftOnDisk = List.of();

    SimulatedServer(String name, FailoverSettings settings, LinkTimings timings, Path home, Clock clock,
                    List<Map<String, Object>> subnets, ReceivingLink clientLink) {
        this.name = name;
        this.settings = settings;
        this.timings = timings;
        this.home = home;
        this.clock = clock;
        this.subnets = subnets;
        this.clientLink = clientLink;
    }

    /** Opens the files and starts engine, endpoint and link, in production's order. */
    void start() throws Exception {
        if (engine == null) {
            engine = new FileBackedEngine(home, subnets, clock, this::failover);
        } else {
            engine.start();
        }
        loop = new VirtualTimeLoop("pair-" + name, clock);
        FailoverEndpoint starting = new FailoverEndpoint(settings, new StateFile(home.resolve("failover.state")),
                engine.store(), engine.peerBindings(), loop, clock, new Random(name.hashCode()));
        loop.submit(() -> {
            starting.start();
            return null;
        }).get(10, TimeUnit.SECONDS);
        endpoint = starting;
        running = true;
        // The engine indexed its pools before it saw the endpoint's view; its sweep timer would catch up.
        engine.sweep().get(10, TimeUnit.SECONDS);
        link = new PeerLink(settings, timings, new EndpointLinkListener(starting, loop, settings.maxUnackedUpdates()));
        link.start();
    }

    /** A clean shutdown: the link goes down (the endpoint records it), then the loop and the engine stop. */
    void stop() throws InterruptedException {
        running = false;
        link.close();
        loop.shutdown();
        loop.awaitTermination(10, TimeUnit.SECONDS);
        engine.close();
        leftOnDisk = engine.leasesOnDisk();
    }

    /**
     * Dies as a killed process: the endpoint hears nothing more and writes nothing more, the sockets close, the
     * commits that have not reached the store are lost (see {@link FileBackedEngine#crash}).
     */
    void crash() {
        running = false;
        loop.shutdownNow();
        link.close();
        engine.crash();
        leftOnDisk = engine.leasesOnDisk();
    }

    /** While stopped: the leases in its store file, as its next start finds them. */
    List<Lease> leftOnDisk() {
        return leftOnDisk;
    }

    /**
     * Whether a lease naming {@code client}, or the one at {@code address}, holds a change the peer has not
     * acknowledged (stopped: on disk).
     */
    boolean holdsUnacknowledgedChangeFor(ClientId client, Optional<Ipv4Address> address) {
        return (running ? leases() : leftOnDisk).stream().filter(Lease::isUnacknowledged)
                .anyMatch(lease -> client.equals(lease.client()) || address.filter(lease.address()::equals).isPresent());
    }

    boolean running() {
        return running;
    }

    String name() {
        return name;
    }

    /** A client's message as received on the server's interface; empty if unanswered. */
    Optional<DhcpMessage> handle(DhcpMessage request) throws Exception {
        return send(request).get(10, TimeUnit.SECONDS);
    }

    /** A client's message, without waiting for the answer. */
    CompletableFuture<Optional<DhcpMessage>> send(DhcpMessage request) {
        return engine.handle(request, clientLink).toCompletableFuture();
    }

    /** The sweep its timer runs every second; completes once what it ended is durable. */
    void sweep() throws Exception {
        engine.sweep().get(10, TimeUnit.SECONDS);
    }

    /** Runs the endpoint timers the clock has reached. */
    void fireTimers() {
        loop.fireDue();
    }

    VirtualTimeLoop loop() {
        return loop;
    }

    /** The operator's partner-down. */
    void partnerDown() {
        loop.execute(endpoint::partnerDown);
    }

    FileBackedEngine engine() {
        return engine;
    }

    FailoverStatus status() {
        return endpoint.status();
    }

    /** NORMAL, linked, the peer NORMAL too, nothing unacknowledged and no commit under way. */
    boolean converged() {
        FailoverStatus status = status();
        return running && status.linked() && status.view().state() == FailoverState.NORMAL
                && status.view().peerState() == FailoverState.NORMAL && status.unacknowledged() == 0
                && status.inFlight() == 0 && engine.unfinishedCommits() == 0;
    }

    /** Every lease in the store, as it is on disk now. */
    List<Lease> leases() {
        List<Lease> all = new ArrayList<>();
        for (var subnet : engine.subnets()) {
            engine.store().scan(subnet.network(), subnet.broadcast(), all::add);
        }
        return all;
    }

    /**
     * The endpoint of the current run, or of the last (a dead one's loop drops what core tells it, as a dead process
     * would); standalone until the first start, and the engine's next sweep follows the change, as in production.
     */
    private Optional<FailoverService> failover() {
        return Optional.ofNullable(endpoint);
    }

    @Override
    public void close() throws InterruptedException {
        if (running()) {
            stop();
        }
    }
}

package io.tandem.api;

import io.tandem.protocol.DhcpMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server engine as packet I/O sees it; provided by core. Packet I/O decodes a datagram, hands it here, and
 * sends the reply, if any, where RFC 2131 §4.1 says.
 */
public interface DhcpHandler {

    /**
     * Handles one decoded client or relay message. Returns at once; the stage completes with the reply to send, or
     * empty when the server stays silent. A DHCPACK that grants a lease completes only after the lease is durable
     * (ARCHITECTURE.md invariant 3). The stage never completes exceptionally: failures are logged, counted in
     * {@link TrafficStatistics} and answered with silence.
     */
    CompletionStage<Optional<DhcpMessage>> handle(DhcpMessage request, ReceivingLink link);

    /**
     * Opens a {@link Burst} on the calling thread for the messages it is about to hand over together (one read's
     * datagrams): leases those messages bind while it is open are made durable as one group when it closes, and
     * their replies follow. Close it on this thread once they are handed over. The default opens none.
     */
    default Burst openBurst() {
        return Burst.NONE;
    }

    /**
     * Completes when the engine is ready for a start's first clients: packet I/O binds its sockets after it. Core
     * completes it once it has rehearsed its request path (see {@link ScratchStores}); it never completes
     * exceptionally.
     */
    default CompletionStage<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }
}

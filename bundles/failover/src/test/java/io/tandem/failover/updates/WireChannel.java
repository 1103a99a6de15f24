package io.tandem.failover.updates;

import io.tandem.failover.wire.FailoverDecoder;
import io.tandem.failover.wire.FailoverEncoder;
import io.tandem.failover.wire.FailoverMessage;
import io.tandem.failover.wire.FailoverParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One direction of an endpoint test's link: each message is encoded, decoded and handed to the receiving endpoint
 * on its loop, and kept in {@link #delivered}. Once closed, nothing more arrives, not even what was sent before and
 * is still on its way.
 */
final class WireChannel implements FailoverEndpoint.PeerChannel {

    private final Executor receiverLoop;
    private final Supplier<FailoverEndpoint> receiver;
    private volatile boolean open = true;
    final List<FailoverMessage> delivered = new CopyOnWriteArrayList<>();

    WireChannel(Executor receiverLoop, Supplier<FailoverEndpoint> receiver) {
        this.receiverLoop = receiverLoop;
        this.receiver = receiver;
    }

    @Override
    public void send(FailoverMessage message) {
        byte[] bytes = FailoverEncoder.encode(message);
        receiverLoop.execute(() -> {
            if (!open) {
                return;
            }
            try {
                FailoverMessage decoded = FailoverDecoder.decode(bytes);
                delivered.add(decoded);
                receiver.get().received(decoded);
            } catch (FailoverParseException e) {
                throw new IllegalStateException("the endpoint sent what the codec cannot read back", e);
            }
        });
    }

    void close() {
        open = false;
    }
}

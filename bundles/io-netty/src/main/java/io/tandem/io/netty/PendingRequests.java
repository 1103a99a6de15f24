package io.tandem.io.netty;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests handed to the engine whose reply has not completed yet. When the engine falls behind, new
 * datagrams are dropped at the socket instead of queueing without limit behind it.
 */
final class PendingRequests {

    private final int limit;
    private final AtomicInteger pending = new AtomicInteger();

    PendingRequests(int limit) {
        this.limit = limit;
    }

    /** Takes a slot; false when {@code limit} requests are already pending. */
    boolean tryAcquire() {
        int now;
        do {
            now = pending.get();
            if (now >= limit) {
                return false;
            }
        } while (!pending.compareAndSet(now, now + 1));
        return true;
    }

    void release() {
        pending.decrementAndGet();
    }
}

package io.tandem.io.netty;

import java.util.function.LongSupplier;

/** Waits for a counter that the server updates on its own threads. */
final class Eventually {

    private Eventually() {
    }

    /** Returns the counter's value once it reaches {@code expected}, or its last value after 5 seconds. */
    static long reaches(LongSupplier counter, long expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long value = counter.getAsLong();
        while (value < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = counter.getAsLong();
        }
        return value;
    }
}

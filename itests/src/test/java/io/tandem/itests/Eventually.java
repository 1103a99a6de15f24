package io.tandem.itests;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls for something a test waits on (a bound port, a lease event) and fails with a useful message. */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(200);

    private Eventually() {
    }

    /** Polls until {@code probe} yields a value; fails after {@code timeout} with {@code what} and {@code context}. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "\n" + context.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    public static void awaitTrue(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> context) {
        await(what, timeout, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty(), context);
    }
}

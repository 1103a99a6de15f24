package io.tandem.failover.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.failover.wire.FailoverMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps every event of a {@link PeerLink} in order, for a test thread to wait on. */
final class RecordingListener implements PeerLinkListener {

    /** One event: up (reason and message null), a message, or down. */
    record Event(LinkSession link, FailoverMessage message, LinkDownReason down) {

        boolean isUp() {
            return message == null && down == null;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void linkUp(LinkSession link) {
        events.add(new Event(link, null, null));
    }

    @Override
    public void messageReceived(LinkSession link, FailoverMessage message) {
        events.add(new Event(link, message, null));
    }

    @Override
    public void linkDown(LinkSession link, LinkDownReason reason) {
        events.add(new Event(link, null, reason));
    }

    /** The next event, which must come within {@code timeout}. */
    Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within %s", timeout).isNotNull();
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event, which must be a link up. */
    LinkSession awaitUp(Duration timeout) {
        Event event = next(timeout);
        assertThat(event.isUp()).as("link up, got %s", event).isTrue();
        return event.link();
    }

    /** The next event, which must be a link down; its reason. */
    LinkDownReason awaitDown(Duration timeout) {
        Event event = next(timeout);
        assertThat(event.down()).as("link down, got %s", event).isNotNull();
        return event.down();
    }

    /** The next event, which must be a message; the message. */
    FailoverMessage awaitMessage(Duration timeout) {
        Event event = next(timeout);
        assertThat(event.message()).as("a message, got %s", event).isNotNull();
        return event.message();
    }

    /** Every event that arrives within {@code period}. */
    List<Event> during(Duration period) {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + period.toNanos();
        try {
            for (long left = period.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Event event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event != null) {
                    seen.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return seen;
    }

    /** No event is waiting. */
    void assertQuiet() {
        assertThat(events).isEmpty();
    }
}

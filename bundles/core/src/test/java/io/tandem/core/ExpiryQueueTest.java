package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryQueueTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void a_renewed_lease_keeps_one_deadline_the_latest() {
        ExpiryQueue queue = new ExpiryQueue();
        Ipv4Address address = Ipv4Address.parse("192.0.2.10");
        for (int renewal = 0; renewal < 10_000; renewal++) {
            queue.add(NOON.plusSeconds(3600 + renewal), address);
        }
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.takeDue(NOON.plusSeconds(3600))).as("the earlier deadlines were replaced").isEmpty();
        assertThat(queue.takeDue(NOON.plusSeconds(3600 + 9_999))).containsExactly(address);
        assertThat(queue.size()).isZero();
    }

    @Test
    void due_deadlines_come_out_in_time_order() {
        ExpiryQueue queue = new ExpiryQueue();
        queue.add(NOON.plusSeconds(30), Ipv4Address.parse("192.0.2.3"));
        queue.add(NOON.plusSeconds(10), Ipv4Address.parse("192.0.2.1"));
        queue.add(NOON.plusSeconds(20), Ipv4Address.parse("192.0.2.2"));
        queue.add(NOON.plusSeconds(90), Ipv4Address.parse("192.0.2.4"));
        assertThat(queue.takeDue(NOON.plusSeconds(30))).extracting(Ipv4Address::toString)
                .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
        assertThat(queue.size()).isEqualTo(1);
    }
}

package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
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

    @Test
    void deadlines_outlive_the_rebuild_that_drops_stale_entries() {
        ExpiryQueue queue = new ExpiryQueue();
        for (int last = 1; last <= 200; last++) {
            queue.add(NOON.plusSeconds(last), Ipv4Address.parse("192.0.2." + last));
        }
        Ipv4Address renewing = Ipv4Address.parse("198.51.100.1");
        for (int renewal = 0; renewal < 5_000; renewal++) {
            queue.add(NOON.plusSeconds(300 + renewal % 7), renewing);
        }
        List<Ipv4Address> due = queue.takeDue(NOON.plusSeconds(400));
        assertThat(due).hasSize(201).doesNotHaveDuplicates().endsWith(renewing);
        assertThat(due.subList(0, 200)).extracting(Ipv4Address::toString)
                .isEqualTo(IntStream.rangeClosed(1, 200).mapToObj(last -> "192.0.2." + last).toList());
        assertThat(queue.size()).isZero();
    }

    @Test
    void gives_each_address_once_at_its_latest_deadline_under_random_renewals_and_sweeps() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            ExpiryQueue queue = new ExpiryQueue();
            Map<Ipv4Address, Long> model = new HashMap<>();
            long now = NOON.getEpochSecond();
            for (int step = 0; step < 20_000; step++) {
                if (random.nextInt(50) == 0) {
                    now += random.nextInt(30);
                    List<Ipv4Address> due = queue.takeDue(Instant.ofEpochSecond(now));
                    List<Ipv4Address> expected = new ArrayList<>();
                    long last = Long.MIN_VALUE;
                    for (Ipv4Address address : due) {
                        Long deadline = model.remove(address);
                        assertThat(deadline).as("seed %d: %s due once, at its latest deadline", seed, address)
                                .isNotNull().isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(last);
                        last = deadline;
                        expected.add(address);
                    }
                    final long sweptAt = now;
                    assertThat(model.values()).as("seed %d: nothing due left behind", seed)
                            .allMatch(deadline -> deadline > sweptAt);
                    assertThat(due).isEqualTo(expected);
                } else {
                    // Three /24s, two above 128.0.0.0 (negative as ints), few enough to renew often.
                    String prefix = List.of("192.0.2.", "10.0.0.", "198.51.100.").get(random.nextInt(3));
                    Ipv4Address address = Ipv4Address.parse(prefix + random.nextInt(256));
                    long deadline = now + random.nextInt(120) - 10;
                    queue.add(Instant.ofEpochSecond(deadline), address);
                    model.put(address, deadline);
                }
                assertThat(queue.size()).as("seed %d step %d", seed, step).isEqualTo(model.size());
            }
        }
    }
}

package io.tandem.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Traffic counters at one moment.
 *
 * @param since when counting started
 * @param received messages received, by message type name ({@code "DHCPDISCOVER"})
 * @param sent replies sent, by message type name
 * @param dropped datagrams and requests dropped, by reason
 * @param latency reply latency percentiles, from request received to reply sent
 */
public record TrafficSnapshot(
        Instant since,
        SortedMap<String, Long> received,
        SortedMap<String, Long> sent,
        SortedMap<String, Long> dropped,
        Latency latency) {

    public TrafficSnapshot {
        Objects.requireNonNull(since, "since");
        received = copy(received);
        sent = copy(sent);
        dropped = copy(dropped);
        Objects.requireNonNull(latency, "latency");
    }

    private static SortedMap<String, Long> copy(Map<String, Long> counters) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(counters));
    }

    /**
     * Reply latency percentiles over all replies sent; each is an upper bound with a few percent resolution.
     *
     * @param count how many replies were measured
     */
    public record Latency(long count, Duration p50, Duration p90, Duration p99, Duration p999, Duration max) {
        public Latency {
            Objects.requireNonNull(p50, "p50");
            Objects.requireNonNull(p90, "p90");
            Objects.requireNonNull(p99, "p99");
            Objects.requireNonNull(p999, "p999");
            Objects.requireNonNull(max, "max");
        }
    }
}

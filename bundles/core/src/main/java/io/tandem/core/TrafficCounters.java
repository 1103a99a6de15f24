package io.tandem.core;

import io.tandem.api.TrafficSnapshot;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/** The server's packet counters and reply latencies, fed by packet I/O and the engine. */
@Component(service = TrafficStatistics.class)
public final class TrafficCounters implements TrafficStatistics {

    private final Instant since;
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();

    public TrafficCounters() {
        this(Clock.systemUTC());
    }

    TrafficCounters(Clock clock) {
        this.since = clock.instant();
    }

    @Override
    public void received(MessageType type) {
        count(received, type.name());
    }

    @Override
    public void sent(MessageType type, long latencyNanos) {
        count(sent, type.name());
        latency.record(latencyNanos);
    }

    @Override
    public void dropped(String reason) {
        count(dropped, reason);
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Override
    public TrafficSnapshot snapshot() {
        return new TrafficSnapshot(since, totals(received), totals(sent), totals(dropped), latency.snapshot());
    }

    private static TreeMap<String, Long> totals(Map<String, LongAdder> counters) {
        TreeMap<String, Long> totals = new TreeMap<>();
        counters.forEach((key, adder) -> totals.put(key, adder.sum()));
        return totals;
    }
}

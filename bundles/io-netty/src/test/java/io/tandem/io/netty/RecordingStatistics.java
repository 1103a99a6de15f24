package io.tandem.io.netty;

import io.tandem.api.TrafficSnapshot;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** TrafficStatistics as core will provide it, reduced to counters the tests read. */
final class RecordingStatistics implements TrafficStatistics {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    @Override
    public void received(MessageType type) {
        count(received, type.name());
    }

    @Override
    public void sent(MessageType type, long latencyNanos) {
        if (latencyNanos < 0) {
            throw new AssertionError("negative latency " + latencyNanos);
        }
        count(sent, type.name());
    }

    @Override
    public void dropped(String reason) {
        count(dropped, reason);
    }

    @Override
    public TrafficSnapshot snapshot() {
        Duration zero = Duration.ZERO;
        return new TrafficSnapshot(Instant.EPOCH, values(received), values(sent), values(dropped),
                new TrafficSnapshot.Latency(0, zero, zero, zero, zero, zero));
    }

    long received(String type) {
        return value(received, type);
    }

    long sent(String type) {
        return value(sent, type);
    }

    long droppedCount(String reason) {
        return value(dropped, reason);
    }

    /** Every drop reason seen and its count. */
    Map<String, Long> drops() {
        return values(dropped);
    }

    long droppedTotal() {
        return dropped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static long value(Map<String, LongAdder> counters, String key) {
        LongAdder adder = counters.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private static TreeMap<String, Long> values(Map<String, LongAdder> counters) {
        TreeMap<String, Long> copy = new TreeMap<>();
        counters.forEach((key, adder) -> copy.put(key, adder.sum()));
        return copy;
    }
}

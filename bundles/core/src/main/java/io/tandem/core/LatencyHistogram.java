package io.tandem.core;

import io.tandem.api.TrafficSnapshot;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Reply latencies in logarithmic buckets, eight per doubling (about 9 % resolution) from 1 µs to over an hour.
 * Recording is lock-free; percentiles are upper bounds of the bucket they fall in.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKETS = 8;
    private static final int BUCKETS = 33 * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        counts.incrementAndGet(bucketOf(micros));
        max.accumulate(nanos);
    }

    static int bucketOf(long micros) {
        int bucket = (int) Math.floor(Math.log(micros) / Math.log(2) * SUB_BUCKETS);
        return Math.min(BUCKETS - 1, Math.max(0, bucket));
    }

    /** The largest latency in microseconds that falls in {@code bucket}. */
    static long upperBoundMicros(int bucket) {
        return (long) Math.ceil(Math.pow(2, (bucket + 1) / (double) SUB_BUCKETS));
    }

    TrafficSnapshot.Latency snapshot() {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        Duration maximum = Duration.ofNanos(max.get());
        return new TrafficSnapshot.Latency(total, percentile(copy, total, 0.50, maximum),
                percentile(copy, total, 0.90, maximum), percentile(copy, total, 0.99, maximum),
                percentile(copy, total, 0.999, maximum), maximum);
    }

    private static Duration percentile(long[] counts, long total, double quantile, Duration maximum) {
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                Duration bound = Duration.ofNanos(upperBoundMicros(i) * 1000);
                return bound.compareTo(maximum) < 0 ? bound : maximum;
            }
        }
        return maximum;
    }
}

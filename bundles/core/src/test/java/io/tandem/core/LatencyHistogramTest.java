package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.TrafficSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentiles_are_upper_bounds_within_a_tenth() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1000L);
        }
        TrafficSnapshot.Latency latency = histogram.snapshot();
        assertThat(latency.count()).isEqualTo(10_000);
        assertThat(latency.p50().toNanos() / 1000.0).isBetween(5_000.0, 5_500.0);
        assertThat(latency.p99().toNanos() / 1000.0).isBetween(9_900.0, 10_000.0);
        assertThat(latency.max()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void an_empty_histogram_reports_zero() {
        assertThat(new LatencyHistogram().snapshot().p999()).isEqualTo(Duration.ZERO);
    }
}

package io.tandem.shell.testing;

import io.tandem.api.TrafficSnapshot;
import io.tandem.api.TrafficStatistics;
import io.tandem.protocol.MessageType;

/** {@link TrafficStatistics} that reports a fixed snapshot. */
public final class FakeTraffic implements TrafficStatistics {

    private final TrafficSnapshot snapshot;

    public FakeTraffic(TrafficSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public void received(MessageType type) {
        throw new UnsupportedOperationException("the shell only reads statistics");
    }

    @Override
    public void sent(MessageType type, long latencyNanos) {
        throw new UnsupportedOperationException("the shell only reads statistics");
    }

    @Override
    public void dropped(String reason) {
        throw new UnsupportedOperationException("the shell only reads statistics");
    }

    @Override
    public TrafficSnapshot snapshot() {
        return snapshot;
    }
}

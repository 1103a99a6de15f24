package io.tandem.core;

import io.tandem.api.model.BindingState;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many of a subnet's dynamic pool addresses are in each binding state (an address no lease was ever stored for
 * counts as FREE): what tells a server of a pair whether its peer has any free address left, without a walk over
 * the pool. Counted when the subnet is indexed and moved along with every commit. Thread-safe.
 *
 * <p>A reconfiguration that races a commit may leave a count one off until the next reconfiguration; the one
 * reader, load balancing, then answers a client a little sooner or later, never wrongly.
 */
final class PoolCensus {

    private final Map<BindingState, Long> counts = new EnumMap<>(BindingState.class);

    synchronized void add(BindingState state) {
        counts.merge(state, 1L, Long::sum);
    }

    /** One address moved from {@code from} to {@code to}. */
    synchronized void moved(BindingState from, BindingState to) {
        if (from != to) {
            counts.merge(from, -1L, Long::sum);
            counts.merge(to, 1L, Long::sum);
        }
    }

    synchronized long count(BindingState state) {
        return counts.getOrDefault(state, 0L);
    }
}

package io.tandem.api;

import io.tandem.api.model.ClientId;
import java.time.Duration;

/**
 * What core and allocation policies need to know about the failover pair for one request. A snapshot: it does not
 * change while a request is handled.
 */
public interface FailoverView {

    /** The view of a server with no failover peer: it owns every address and answers every client. */
    FailoverView STANDALONE = new FailoverView() {
        @Override
        public FailoverRole role() {
            return FailoverRole.STANDALONE;
        }

        @Override
        public FailoverState state() {
            return FailoverState.NORMAL;
        }

        @Override
        public Duration mclt() {
            return Duration.ZERO;
        }

        @Override
        public boolean isLoadBalancedToUs(ClientId client) {
            return true;
        }
    };

    /** This server's role. */
    FailoverRole role();

    /** This server's failover state. */
    FailoverState state();

    /** The maximum client lead time agreed with the peer; {@link Duration#ZERO} when standalone. */
    Duration mclt();

    /**
     * True if RFC 3074 load balancing assigns {@code client}'s DISCOVERs to this server in the current state
     * (always true when standalone, or when the state does not load-balance).
     */
    boolean isLoadBalancedToUs(ClientId client);
}

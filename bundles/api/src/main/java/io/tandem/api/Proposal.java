package io.tandem.api;

import io.tandem.protocol.Ipv4Address;
import java.util.Objects;

/** What an {@link AllocationPolicy} proposes for one client. Core checks it against the invariants before use. */
public sealed interface Proposal {

    /** Offer {@code address}; it must be one of the client's leases or {@link AllocatableAddresses#contains} it. */
    record Offer(Ipv4Address address) implements Proposal {
        public Offer {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Do not answer: the failover peer serves this client. {@code reason} is logged. */
    record Silent(String reason) implements Proposal {
        public Silent {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No address can be given; the client is not answered. {@code reason} is logged and counted. */
    record NoAddress(String reason) implements Proposal {
        public NoAddress {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

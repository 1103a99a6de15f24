package io.tandem.api;

import io.tandem.protocol.Ipv4Address;
import java.util.Objects;

/** What an {@link AllocationPolicy} proposes for one client. Core checks it before use. */
public sealed interface Proposal {

    /** Offer {@code address}; it must be allocatable to this client ({@link AllocatableAddresses#contains}). */
    record Offer(Ipv4Address address) implements Proposal {
        public Offer {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * No address can be given; the client is not answered, counted as dropped for {@code no-free-address}.
     * {@code reason} says why, for the policy's own tests and logs.
     */
    record NoAddress(String reason) implements Proposal {
        public NoAddress {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

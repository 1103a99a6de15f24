package io.tandem.failover.audit;

import io.tandem.protocol.Ipv4Address;

/** One problem the pair audit found, with the address it is sorted by and a one-line description. */
public sealed interface Finding permits AddressConflict, DuplicateBinding, UnknownToPeer, Divergence {

    /** The address the finding is about (for a client's duplicate bindings, the lowest of them). */
    Ipv4Address address();

    /** One line for an operator: what is wrong, where, and on which server. */
    String description();
}

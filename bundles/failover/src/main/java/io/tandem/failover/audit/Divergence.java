package io.tandem.failover.audit;

import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two servers' copies of a lease disagree although the pair is in NORMAL (ARCHITECTURE.md invariant 5).
 * A server with no lease for the address counts as holding it FREE with every field unset, as ISC does.
 *
 * @param address the address
 * @param primary the primary's copy
 * @param secondary the secondary's copy
 * @param fields the rules the copies break, in {@link LeaseField} order
 */
public record Divergence(Ipv4Address address, Lease primary, Lease secondary, List<LeaseField> fields)
        implements Finding {

    public Divergence {
        fields = List.copyOf(fields);
    }

    @Override
    public String description() {
        return address + " differs between the servers: "
                + fields.stream().map(field -> field.describe(primary, secondary)).collect(Collectors.joining("; "));
    }
}

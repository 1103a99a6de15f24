package io.tandem.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an import from ISC dhcpd did (or, dry, would do).
 *
 * @param dryRun true if nothing was written
 * @param files the etc/ files written, in the order written, as paths
 * @param leasesByState how many leases were imported, by binding state, in the states' alphabetical order
 * @param failoverState the failover state given to this server, as "STATE since TIME, peer PEERSTATE", if any
 * @param notes what was not carried over, one line each: "FILE line N: STATEMENT: REASON" for the configuration,
 *     and the leases and state blocks left behind
 */
public record MigrationReport(boolean dryRun, List<String> files, Map<String, Long> leasesByState,
                              Optional<String> failoverState, List<String> notes) {

    public MigrationReport {
        files = List.copyOf(files);
        leasesByState = Collections.unmodifiableMap(new TreeMap<>(leasesByState));
        notes = List.copyOf(notes);
    }
}

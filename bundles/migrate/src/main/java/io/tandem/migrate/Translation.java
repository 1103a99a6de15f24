package io.tandem.migrate;

import io.tandem.api.FailoverRole;
import io.tandem.api.model.Subnet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code dhcpd.conf} becomes in Tandem.
 *
 * @param files the etc/ files, the failover relationship's first (see {@link Importer} for why the order matters)
 * @param subnets the subnets and pools those files serve, to judge which leases belong to them
 * @param relationship the failover relationship, if the file declares one
 * @param untranslated every statement the files do not carry, in file order
 */
record Translation(List<EtcFile> files, List<Subnet> subnets, Optional<Relationship> relationship,
                   List<Untranslated> untranslated) {

    Translation {
        files = List.copyOf(files);
        subnets = List.copyOf(subnets);
        untranslated = List.copyOf(untranslated);
    }

    /**
     * The failover peer statement's essentials.
     *
     * @param name the peer name, which is the relationship's name on both servers
     * @param role this server's role
     * @param mclt the MCLT the primary sets; {@link Duration#ZERO} on the secondary, which learns it
     */
    record Relationship(String name, FailoverRole role, Duration mclt) {
    }
}

package io.tandem.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Moving from ISC dhcpd: imports a {@code dhcpd.conf} and its {@code dhcpd.leases} into this server. Provided by
 * the migrate bundle; the shell's {@code dhcp:import-isc} and the plain {@code bin/tandem-import} run it.
 */
public interface IscMigration {

    /**
     * Imports, or with {@code dryRun} only reports what an import would do. Leases and the failover state are
     * written first and the etc/ files last, the failover relationship's before the subnets', so that no subnet is
     * ever served without the relationship that shares it. Nothing is written when anything is refused.
     *
     * @param dhcpdConf the ISC server's configuration
     * @param dhcpdLeases its lease file, if its leases and failover state are to come along
     * @param dryRun true to read, translate and check only
     * @throws IOException if a file cannot be read or written
     * @throws IllegalStateException if the import is refused; the message names the file, line and reason, or
     *     what in this server stands in the way (leases already stored, a configuration already present)
     */
    MigrationReport importFrom(Path dhcpdConf, Optional<Path> dhcpdLeases, boolean dryRun) throws IOException;
}

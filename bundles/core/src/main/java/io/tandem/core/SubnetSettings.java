package io.tandem.core;

import io.tandem.api.model.Subnet;
import io.tandem.protocol.ClasslessRoute;
import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Optional;

/**
 * One served subnet as configured: its pools, the options its clients get, lease times and reservations.
 * Immutable; a configuration change replaces it whole.
 *
 * @param pid the configuration PID it came from
 * @param reservations fixed addresses; a reserved address is never given to anyone else
 */
record SubnetSettings(
        String pid,
        Subnet subnet,
        List<Ipv4Address> routers,
        List<Ipv4Address> dnsServers,
        Optional<String> domainName,
        List<String> domainSearch,
        List<Ipv4Address> ntpServers,
        List<ClasslessRoute> classlessRoutes,
        LeaseTimes leaseTimes,
        Reservations reservations) {

    SubnetSettings {
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
        domainSearch = List.copyOf(domainSearch);
        ntpServers = List.copyOf(ntpServers);
        classlessRoutes = List.copyOf(classlessRoutes);
    }
}
